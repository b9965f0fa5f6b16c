package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Multipart uploads through {@link UploadGuardFilter} on real Jetty 12 and Tomcat 10.1, over HTTP. */
class MultipartContainerTest {

    @TempDir
    Path tmp;

    private TestServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path spool() {
        return tmp.resolve("spool");
    }

    private UploadStore store;

    private void start(ServletContainer container, UploadPolicy base) throws IOException {
        UploadPolicy policy = base.toBuilder().tempDir(spool()).build();
        store = UploadStore.at(tmp.resolve("store"));
        server = container.builder()
                .filter("guard", new UploadGuardFilter(policy), "/*")
                .servlet("upload", new UploadServlet(store), "/upload")
                .start();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.http("/upload?title=hello"))
                .header("Content-Type", "multipart/form-data; boundary=" + FilterHarness.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postChunked(byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.http("/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + FilterHarness.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Temp files are removed when the request ends; the response may arrive a moment earlier. */
    private void assertSpoolEmpty() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            long n;
            if (!Files.exists(spool())) {
                return;
            }
            try (Stream<Path> s = Files.list(spool())) {
                n = s.count();
            }
            if (n == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                try (Stream<Path> s = Files.list(spool())) {
                    assertThat(s.toList()).as("temp files left behind").isEmpty();
                }
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void acceptedPngReachesServletWithVerifiedTypeAndIsStored(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images());
        HttpResponse<String> r = post(FilterHarness.body().field("title", "ignored-by-query").file("photo", "Holiday Photo.PNG",
                Samples.png()).end());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("verdicts=1", "part photo Holiday Photo.PNG image/png", "title=hello",
                "image/png Holiday Photo.PNG");
        assertThat(store.list()).hasSize(1);
        assertThat(store.list().get(0).id()).matches("[0-9a-f]{32}");
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void phpNamedJpgThen415ProblemWithReasonCodes(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images());
        HttpResponse<String> r = post(FilterHarness.body().part("form-data; name=\"f\"; filename=\"shell.jpg\"", "image/jpeg",
                "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.US_ASCII)).end());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"TYPE_MISMATCH\"", "SERVER_CODE", "\"status\":415").doesNotContain("Exception");
        assertThat(store.list()).isEmpty();
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void filenameStarThen400Ambiguous(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images());
        HttpResponse<String> r = post(FilterHarness.body().part(
                "form-data; name=\"f\"; filename=\"safe.png\"; filename*=UTF-8''shell.jsp", "image/png", Samples.png()).end());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"FILENAME_AMBIGUOUS\"");
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void contentLengthOverLimitThen413BeforeReading(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images().toBuilder().maxRequestSize(10_000).build());
        HttpResponse<String> r = post(FilterHarness.body().file("f", "x.png", Samples.concat(Samples.png(), new byte[20_000])).end());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":\"REQUEST_TOO_LARGE\"");
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void chunkedFileOverLimitThen413WhileStreaming(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images().toBuilder().maxFileSize(10_000).build());
        HttpResponse<String> r = postChunked(FilterHarness.body().file("f", "x.png", Samples.concat(Samples.png(), new byte[50_000])).end());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlChunkedSmallFileAccepted(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images().toBuilder().maxFileSize(10_000).build());
        HttpResponse<String> r = postChunked(FilterHarness.body().file("f", "x.png", Samples.png()).end());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertSpoolEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void clientAbortMidFileLeavesNoTempFile(ServletContainer container) throws Exception {
        start(container, UploadPolicy.images());
        byte[] head = ("--" + FilterHarness.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                    + FilterHarness.BOUNDARY + "\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(Samples.png());
            out.write(new byte[100_000]);
            out.flush();
            waitForSpoolFile();
        }
        assertSpoolEmpty();
        assertThat(store.list()).isEmpty();
        // the server is still healthy
        assertThat(post(FilterHarness.body().file("f", "x.png", Samples.png()).end()).statusCode()).isEqualTo(200);
        assertSpoolEmpty();
    }

    private void waitForSpoolFile() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(spool())) {
                try (Stream<Path> s = Files.list(spool())) {
                    if (s.findAny().isPresent()) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the filter never started spooling");
    }

    static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }
}

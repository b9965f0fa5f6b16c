package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The no-arg filter configured by init-params (web.xml style), fail-fast on typos, and path scoping. */
class FilterConfigurationTest {

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(TestServer server, String path, String filename, byte[] content) throws Exception {
        return client.send(HttpRequest.newBuilder(server.http(path))
                .header("Content-Type", "multipart/form-data; boundary=" + FilterHarness.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(FilterHarness.body().file("f", filename, content).end())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void initParamsChooseThePresetAndPaths(ServletContainer container) throws Exception {
        Map<String, String> params = Map.of("portcullis.upload.preset", "documents", "portcullis.upload.paths", "/upload",
                "portcullis.upload.temp-dir", tmp.resolve("spool").toString());
        try (TestServer server = container.builder()
                .filter("guard", new UploadGuardFilter(), "/*", params)
                .servlet("upload", new UploadServlet(UploadStore.at(tmp.resolve("store"))), "/upload")
                .servlet("other", new UploadServlet(UploadStore.at(tmp.resolve("other"))), "/other")
                .start()) {
            assertThat(post(server, "/upload", "a.pdf", Samples.pdf()).statusCode()).isEqualTo(200);
            HttpResponse<String> png = post(server, "/upload", "a.png", Samples.png());
            assertThat(png.statusCode()).isEqualTo(415);
            assertThat(png.body()).contains("EXTENSION_NOT_ALLOWED");
            // outside portcullis.upload.paths the filter does not parse: the servlet sees no verdicts
            HttpResponse<String> other = post(server, "/other", "a.png", Samples.png());
            assertThat(other.body()).contains("verdicts=none");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void typoInInitParamStopsTheApplication(ServletContainer container) {
        Map<String, String> params = Map.of("portcullis.upload.max-file-sise", "10");
        assertThatThrownBy(() -> container.builder().filter("guard", new UploadGuardFilter(), "/*", params)
                .servlet("upload", new UploadServlet(UploadStore.at(tmp.resolve("store"))), "/upload").start().close())
                .hasStackTraceContaining("did you mean portcullis.upload.max-file-size?");
    }

    @Test
    void inspectPartUsesItsSubmittedName() throws Exception {
        UploadGuard guard = new UploadGuard(UploadPolicy.images());
        assertThat(guard.inspect(part("photo.png", Samples.png())).accepted()).isTrue();
        assertThat(guard.inspect(part("photo.jpg", "<?php echo 1; ?>".getBytes())).reasons()).contains(Reason.TYPE_MISMATCH);
        assertThat(guard.inspect(part("../photo.png", Samples.png())).reasons()).containsExactly(Reason.BAD_FILENAME);
    }

    private static Part part(String name, byte[] bytes) {
        return FilterHarness.fake(Part.class, (method, args) -> switch (method) {
            case "getSubmittedFileName" -> name;
            case "getSize" -> (long) bytes.length;
            case "getInputStream" -> (InputStream) new ByteArrayInputStream(bytes);
            case "getHeaderNames" -> (Collection<String>) List.<String>of();
            default -> null;
        });
    }
}

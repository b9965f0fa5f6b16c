package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9: images with server code hidden where the old rules did not look (a private PNG chunk,
 * LZW-decoded GIF pixels) are refused by {@link UploadGuardFilter} over real HTTP on Jetty 12
 * and Tomcat 10.1, and the same images with harmless text there reach the servlet.
 */
class ImageCodeContainerTest {

    @TempDir
    Path tmp;

    private TestServer server;
    private UploadStore store;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> upload(ServletContainer container, String name, byte[] file) throws Exception {
        UploadPolicy policy = UploadPolicy.images().toBuilder().tempDir(tmp.resolve("spool")).build();
        store = UploadStore.at(tmp.resolve("store"));
        server = container.builder()
                .filter("guard", new UploadGuardFilter(policy), "/*")
                .servlet("upload", new UploadServlet(store), "/upload")
                .start();
        byte[] body = FilterHarness.body().file("photo", name, file).end();
        return client.send(HttpRequest.newBuilder(server.http("/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + FilterHarness.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void shortTagInAPrivatePngChunkThen415ServerCode(ServletContainer container) throws Exception {
        HttpResponse<String> r = upload(container, "x.png",
                Samples.pngWithChunk("prVt", Samples.ascii(CodeSamples.SHORT_TAG)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.body()).contains("\"code\":\"SERVER_CODE\"");
        assertThat(store.list()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void harmlessTextInAPrivatePngChunkReachesTheServlet(ServletContainer container) throws Exception {
        HttpResponse<String> r = upload(container, "x.png",
                Samples.pngWithChunk("prVt", Samples.ascii(CodeSamples.control(CodeSamples.SHORT_TAG))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(store.list()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void shortTagInLzwCodedGifPixelsThen415ServerCode(ServletContainer container) throws Exception {
        HttpResponse<String> r = upload(container, "x.gif", CodeSamples.gifPixels(CodeSamples.SHORT_TAG));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.body()).contains("\"code\":\"SERVER_CODE\"");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void harmlessTextInLzwCodedGifPixelsReachesTheServlet(ServletContainer container) throws Exception {
        HttpResponse<String> r = upload(container, "x.gif",
                CodeSamples.gifPixels(CodeSamples.control(CodeSamples.SHORT_TAG)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}

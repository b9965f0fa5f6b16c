package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.TOKEN;
import static io.portcullis.sendfile.Fixture.query;
import static io.portcullis.sendfile.Fixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DIRECT backend next to Jetty's own static file serving (ee10 {@link DefaultServlet}, with
 * ETags on) for the same file in the same server: status, Content-Range, Content-Length and the
 * body bytes (multipart parts compared part by part, since boundaries are random) must agree.
 * Where they legitimately differ, a separate test pins the difference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyDefaultServletComparisonTest {

    Fixture fx;
    TestServer server;

    @BeforeAll
    void start() {
        fx = new Fixture();
        Map<String, String> init = Map.of("baseResource", fx.root.toUri().toString(), "pathInfoOnly", "true",
                "etags", "true", "dirAllowed", "false", "acceptRanges", "true", "useFileMappedBuffer", "false");
        DefaultServlet jetty = new DefaultServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getInitParameter(String name) {
                return init.getOrDefault(name, super.getInitParameter(name));
            }
        };
        Sendfile sendfile = new Sendfile(SendfilePolicy.builder(fx.root).maxRanges(8).build());
        server = EmbeddedJetty.builder().servlet("download", new Fixture.DownloadServlet(sendfile), "/download")
                .servlet("static", jetty, "/static/*").start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        fx.close();
    }

    record Answer(int status, String contentRange, String contentLength, List<String> body) {
    }

    HttpResponse<byte[]> ours(String method, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = TOKEN;
        return send(method, server.http(query("report.pdf")), all);
    }

    HttpResponse<byte[]> jettys(String method, String... headers) {
        return send(method, server.http("/static/report.pdf"), headers);
    }

    /** Status, Content-Range, Content-Length and the body: whole hex SHA-256, or per multipart part "range=sha". */
    static Answer answer(HttpResponse<byte[]> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        List<String> body = new ArrayList<>();
        if (type.startsWith("multipart/byteranges")) {
            String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
            String text = new String(r.body(), StandardCharsets.ISO_8859_1);
            for (String part : text.split("--" + boundary)) {
                int headEnd = part.indexOf("\r\n\r\n");
                if (headEnd < 0) {
                    continue;
                }
                String head = part.substring(0, headEnd);
                String range = head.lines().filter(l -> l.toLowerCase().startsWith("content-range:")).findFirst().orElse("?")
                        .substring(14).trim();
                String data = part.substring(headEnd + 4, part.length() - 2); // minus CRLF before the next boundary
                body.add(range + "=" + Fixture.sha256(data.getBytes(StandardCharsets.ISO_8859_1)));
            }
        } else if (r.statusCode() >= 400) {
            // error bodies legitimately differ: Jetty's HTML error page, our RFC 9457 problem
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Range").orElse(null), "(error)", List.of("(error)"));
        } else {
            body.add(r.body().length == 0 ? "(empty)" : Fixture.sha256(r.body()));
        }
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Range").orElse(null),
                type.startsWith("multipart/") ? "(multipart)" : r.headers().firstValue("Content-Length").orElse(null), body);
    }

    @ParameterizedTest(name = "{0} Range: {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            GET  | NONE
            HEAD | NONE
            GET  | bytes=10-19
            GET  | bytes=-100
            GET  | bytes=99990-
            GET  | bytes=99990-200000
            GET  | bytes=0-0,-1
            GET  | bytes=0-4,1000-1009,5000-5009
            GET  | bytes=100000-
            GET  | bytes=200000-300000
            GET  | bytes=-0
            GET  | bytes=0-99,50-149
            GET  | bytes=0-,0-,0-
            """)
    void sameAnswerAsJettyDefaultServlet(String method, String range) {
        String[] headers = range == null ? new String[0] : new String[] {"Range", range};
        assertThat(answer(ours(method, headers))).isEqualTo(answer(jettys(method, headers)));
    }

    @Test
    void bothAnswer304ToTheirOwnValidators() {
        for (boolean mine : new boolean[] {true, false}) {
            HttpResponse<byte[]> first = mine ? ours("GET") : jettys("GET");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<byte[]> inm = mine ? ours("GET", "If-None-Match", etag) : jettys("GET", "If-None-Match", etag);
            HttpResponse<byte[]> ims = mine ? ours("GET", "If-Modified-Since", lastModified) : jettys("GET", "If-Modified-Since", lastModified);
            assertThat(inm.statusCode()).as(mine ? "ours" : "jetty").isEqualTo(304);
            assertThat(inm.body()).isEmpty();
            assertThat(ims.statusCode()).as(mine ? "ours" : "jetty").isEqualTo(304);
            HttpResponse<byte[]> stale = mine ? ours("GET", "If-None-Match", "\"stale\"") : jettys("GET", "If-None-Match", "\"stale\"");
            assertThat(stale.statusCode()).isEqualTo(200);
        }
        // the same Last-Modified for the same file
        assertThat(ours("GET").headers().firstValue("Last-Modified")).isEqualTo(jettys("GET").headers().firstValue("Last-Modified"));
    }

    @Test
    void bothHonourIfRangeWithTheirOwnEtag() {
        String oursTag = ours("GET").headers().firstValue("ETag").orElseThrow();
        String jettyTag = jettys("GET").headers().firstValue("ETag").orElseThrow();
        assertThat(answer(ours("GET", "Range", "bytes=0-9", "If-Range", oursTag)))
                .isEqualTo(answer(jettys("GET", "Range", "bytes=0-9", "If-Range", jettyTag)));
    }

    /**
     * Where Jetty 12.1 and we differ, we follow RFC 9110 and Jetty does not (or the RFC lets
     * each choose). Pinned so a change on either side is noticed.
     */
    @Test
    void legitimateDifferencesArePinned() {
        // If-Range with a stale validator (§13.1.5): the file changed, so send it whole. Jetty still sends 206.
        assertThat(ours("GET", "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
        assertThat(jettys("GET", "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode()).isEqualTo(206);
        // Range on HEAD (§14.2: range handling is defined for GET only). Jetty answers 206.
        assertThat(ours("HEAD", "Range", "bytes=10-19").statusCode()).isEqualTo(200);
        assertThat(jettys("HEAD", "Range", "bytes=10-19").statusCode()).isEqualTo(206);
        // Unknown range unit (§14.2: MUST ignore) and invalid specs (MAY ignore): we send 200, Jetty 416.
        for (String range : new String[] {"items=0-1", "bytes=abc", "bytes=5-1"}) {
            assertThat(ours("GET", "Range", range).statusCode()).as(range).isEqualTo(200);
            assertThat(jettys("GET", "Range", range).statusCode()).as(range).isEqualTo(416);
        }
        // Validators: ours is a strong ETag (size-mtime in hex), usable for If-Range; Jetty's is weak.
        assertThat(ours("GET").headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(jettys("GET").headers().firstValue("ETag").orElseThrow()).startsWith("W/\"");
    }
}

package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.TOKEN;
import static io.portcullis.sendfile.Fixture.get;
import static io.portcullis.sendfile.Fixture.query;
import static io.portcullis.sendfile.Fixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the application itself answers for the offloading backends (no front server): always
 * 200 + offload header + empty body, whatever Range / conditional / HEAD the request carries,
 * so a 206 or 304 never carries X-Sendfile and the front server answers those from the
 * original request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffloadAnswerTest {

    Fixture fx;
    TestServer nginx;
    TestServer apache;
    TestServer lighttpd;

    @BeforeAll
    void start() {
        fx = new Fixture();
        nginx = app(SendfilePolicy.builder(fx.root).backend(Backend.NGINX).nginxBuffering(false).nginxLimitRate(65536).nginxExpires(0).build());
        apache = app(SendfilePolicy.builder(fx.root).backend(Backend.APACHE).build());
        lighttpd = app(SendfilePolicy.builder(fx.root).backend(Backend.LIGHTTPD).build());
    }

    TestServer app(SendfilePolicy policy) {
        return EmbeddedJetty.builder().servlet("download", new Fixture.DownloadServlet(new Sendfile(policy)), "/download").start();
    }

    @AfterAll
    void stop() {
        for (TestServer s : new TestServer[] {nginx, apache, lighttpd}) {
            if (s != null) {
                s.close();
            }
        }
        fx.close();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    HttpResponse<byte[]> download(TestServer s, String name, String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = TOKEN;
        return get(s.http(query(name)), all);
    }

    @Test
    void nginxGetsXAccelRedirectUnderTheInternalPrefixWithExtras() {
        HttpResponse<byte[]> r = download(nginx, "sub/nested.txt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "X-Accel-Redirect")).isEqualTo("/_portcullis_protected/sub/nested.txt");
        assertThat(header(r, "X-Accel-Buffering")).isEqualTo("no");
        assertThat(header(r, "X-Accel-Limit-Rate")).isEqualTo("65536");
        assertThat(header(r, "X-Accel-Expires")).isEqualTo("0");
        assertThat(header(r, "Content-Length")).isEqualTo("0");
        assertThat(r.body()).isEmpty();
        assertThat(header(download(nginx, "a b.txt"), "X-Accel-Redirect")).isEqualTo("/_portcullis_protected/a%20b.txt");
    }

    @Test
    void apacheAndLighttpdGetXSendfileWithTheRealAbsolutePath() throws Exception {
        String real = fx.root.toRealPath().toString();
        assertThat(header(download(apache, "inside-link.pdf"), "X-Sendfile")).isEqualTo(real + "/report.pdf");
        assertThat(header(download(lighttpd, "résumé.txt"), "X-Sendfile")).isEqualTo(real + "/r%C3%A9sum%C3%A9.txt");
        HttpResponse<byte[]> raw = download(apache, "résumé.txt");
        assertThat(raw.headers().firstValue("X-Sendfile").orElseThrow().getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo((real + "/résumé.txt").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rangeRequestIsNeverAnswered206WithAnOffloadHeader() {
        for (TestServer s : new TestServer[] {nginx, apache, lighttpd}) {
            HttpResponse<byte[]> r = download(s, "report.pdf", "Range", "bytes=0-9", "If-Range", "\"x\"");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "Content-Range")).isNull();
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void conditionalRequestIsNeverAnswered304WithAnOffloadHeader() {
        for (TestServer s : new TestServer[] {nginx, apache, lighttpd}) {
            HttpResponse<byte[]> r = download(s, "report.pdf", "If-None-Match", "*", "If-Modified-Since", "Sat, 01 Jan 2050 00:00:00 GMT");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue(s == nginx ? "X-Accel-Redirect" : "X-Sendfile")).isPresent();
        }
    }

    @Test
    void headIsOffloadedSoTheFrontServerAnswersItLikeGet() {
        HttpResponse<byte[]> r = send("HEAD", nginx.http(query("report.pdf")), "Authorization", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "X-Accel-Redirect")).isEqualTo("/_portcullis_protected/report.pdf");
    }

    @Test
    void requestHeadersNeverChooseTheBackendOrMapping() {
        HttpResponse<byte[]> r = download(nginx, "report.pdf", "X-Sendfile-Type", "X-Sendfile", "X-Accel-Mapping", "/=/etc/");
        assertThat(header(r, "X-Sendfile")).isNull();
        assertThat(header(r, "X-Accel-Redirect")).isEqualTo("/_portcullis_protected/report.pdf");
        HttpResponse<byte[]> a = download(apache, "report.pdf", "X-Sendfile-Type", "Content-Type");
        assertThat(header(a, "Content-Type")).isEqualTo("application/pdf");
    }

    @Test
    void refusedNamesNeverProduceAnOffloadHeader() {
        for (String name : Fixture.ESCAPES) {
            for (TestServer s : new TestServer[] {nginx, apache, lighttpd}) {
                HttpResponse<byte[]> r = download(s, name);
                assertThat(r.statusCode()).as(name).isEqualTo(404);
                assertThat(r.headers().map().keySet()).as(name).noneMatch(h -> h.equalsIgnoreCase("X-Sendfile") || h.equalsIgnoreCase("X-Accel-Redirect"));
            }
        }
    }
}

package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Share links over real HTTP: the filter answers every bad link before the application runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignedUrlFilterContract {

    Fixture fx;
    TestServer server;
    final UrlSignerTest.MutableClock clock = new UrlSignerTest.MutableClock();
    UrlSigner signer;
    final AtomicInteger appCalls = new AtomicInteger();

    abstract ContainerBuilder container();

    @BeforeAll
    void start() {
        fx = new Fixture();
        signer = UrlSigner.builder().key("k1", UrlSignerTest.K1).clock(clock).build();
        Sendfile sendfile = new Sendfile(SendfilePolicy.builder(fx.root).build());
        HttpServlet share = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                appCalls.incrementAndGet();
                sendfile.send(req, resp, req.getPathInfo().substring(1));
            }
        };
        // user-bound links read the user from a header here (stands in for the container's login)
        server = container().filter("signed", new SignedUrlFilter(signer, r -> r.getHeader("X-Test-User")), "/share/*")
                .servlet("share", share, "/share/*").start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        fx.close();
    }

    HttpResponse<byte[]> fetch(String url, String... headers) {
        return get(server.http(url), headers);
    }

    @Test
    void validLinkReachesTheAppAndGetsTheFile() {
        clock.now = UrlSignerTest.NOW;
        HttpResponse<byte[]> r = fetch(signer.link("/share/report.pdf").expiresIn(Duration.ofMinutes(5)).sign());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(fx.report);
    }

    @Test
    void badSignatureIs403BeforeTheApp() {
        clock.now = UrlSignerTest.NOW;
        String url = signer.link("/share/report.pdf").expiresIn(Duration.ofMinutes(5)).sign();
        int before = appCalls.get();
        for (String bad : new String[] {url.replace("/share/report.pdf", "/share/page.html"), "/share/report.pdf",
                url + "&x=1", url.replace("kid=k1", "kid=k9")}) {
            HttpResponse<byte[]> r = fetch(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(403);
            assertThat(Fixture.contains(r.body(), java.util.Arrays.copyOf(fx.report, 32))).isFalse();
        }
        assertThat(appCalls.get()).isEqualTo(before);
    }

    @Test
    void expiredLinkIs410() {
        clock.now = UrlSignerTest.NOW;
        String url = signer.link("/share/report.pdf").expiresIn(Duration.ofMinutes(5)).sign();
        clock.now = UrlSignerTest.NOW.plus(Duration.ofMinutes(5));
        HttpResponse<byte[]> r = fetch(url);
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":\"LINK_EXPIRED\"");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void embargoedLinkIs404UntilReleaseThenServed() {
        clock.now = UrlSignerTest.NOW;
        String url = signer.link("/share/report.pdf").notBefore(UrlSignerTest.NOW.plus(Duration.ofDays(1)))
                .expiresAt(UrlSignerTest.NOW.plus(Duration.ofDays(2))).sign();
        HttpResponse<byte[]> early = fetch(url);
        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(new String(early.body(), StandardCharsets.UTF_8)).contains("NOT_YET_RELEASED")
                .doesNotContain(Long.toString(UrlSignerTest.NOW.plus(Duration.ofDays(1)).getEpochSecond()) + "\"");
        assertThat(early.headers().firstValue("Retry-After")).isEmpty();
        clock.now = UrlSignerTest.NOW.plus(Duration.ofDays(1));
        assertThat(fetch(url).statusCode()).isEqualTo(200);
    }

    /**
     * A download link is for reading: the signature covers neither the method nor a body. Without
     * the method check both containers handed POST/PUT/DELETE/PATCH/FOO with a valid link to the
     * application, and a form body's unsigned {@code file=...} to its {@code getParameter}.
     */
    @Test
    void validLinkWithAnotherMethodIs405BeforeTheAppWhileGetAndHeadAreServed() {
        clock.now = UrlSignerTest.NOW;
        String url = signer.link("/share/report.pdf").expiresIn(Duration.ofMinutes(5)).sign();
        int before = appCalls.get();
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO"}) {
            HttpResponse<String> r = send(method, url, "file=../outside/secret.txt");
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).contains("GET, HEAD");
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).as(method).contains("\"code\":\"METHOD_NOT_ALLOWED\"").doesNotContain("Exception");
        }
        assertThat(appCalls.get()).isEqualTo(before);
        // controls: the same link read with GET and HEAD
        assertThat(fetch(url).body()).isEqualTo(fx.report);
        HttpResponse<String> head = send("HEAD", url, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(appCalls.get()).isEqualTo(before + 2);
    }

    private HttpResponse<String> send(String method, String url, String form) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(server.http(url));
        b.method(method, form == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        try {
            return Fixture.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void userBoundLinkServesOnlyThatUser() {
        clock.now = UrlSignerTest.NOW;
        String url = signer.link("/share/report.pdf").expiresIn(Duration.ofMinutes(5)).user("alice").sign();
        assertThat(fetch(url, "X-Test-User", "alice").statusCode()).isEqualTo(200);
        assertThat(fetch(url, "X-Test-User", "mallory").statusCode()).isEqualTo(403);
        assertThat(fetch(url).statusCode()).isEqualTo(403);
    }
}

package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.SiteFixtures.audit;
import static io.portcullis.checkup.site.SiteFixtures.finding;
import static io.portcullis.checkup.site.SiteFixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Observatory score checkup computes, per local target, against the number the real scanner
 * gave. Provenance: each expected score was produced by {@code @mdn/mdn-http-observatory} 1.4.8
 * itself ({@code npm pack @mdn/mdn-http-observatory@1.4.8}, {@code npm install --ignore-scripts
 * --omit=dev}, an empty {@code conf/hsts-preload.json}) through a ten-line driver that calls its
 * own {@code retrieve(host, {httpPort, httpsPort, path})} and tests (its CLI scans only ports
 * 80/443), run with {@code NODE_EXTRA_CA_CERTS} set to the test certificate, on 2026-12-02. The
 * driver is in docs/checkup-site.md. Run with
 * {@code -Dobservatory.harness=/path/to/harness.mjs} to re-run the real scanner and compare again;
 * without it (the normal build) no node is needed.
 */
class ObservatoryScoreTest {

    /** One target: how checkup is pointed at it and how the Observatory driver is. */
    record Target(String name, Supplier<TestServer> server, String path, boolean httpsPortKnown, int score,
                  String grade) {
        URI url() {
            return server.get().http(path);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> targets() {
        return Stream.of(
                new Target("hardened Jetty with HardeningFilter", SiteFixtures::hardened, "/", true, 130, "A+"),
                new Target("bare Jetty, no redirect on /", SiteFixtures::bare, "/", false, 0, "F"),
                new Target("bare Jetty, naive redirect on /r/", SiteFixtures::bare, "/r/", true, 0, "F"),
                new Target("root 302 to /redirect/app/ with a cookie on the hop", TrickyPages::server, "/redirect/", true,
                        70, "B"),
                new Target("insecure script only inside a comment", TrickyPages::server, "/comment/", true, 110, "A+"),
                new Target("CSP and frame-ancestors only in <meta>", TrickyPages::server, "/metacsp/", true, 120, "A+"),
                new Target("<meta name=referrer> only", TrickyPages::server, "/metareferrer/", true, 110, "A+"),
                new Target("HSTS on a second plain-HTTP hop", TrickyPages::server, "/hop/", true, 100, "A+"),
                new Target("control: every header", TrickyPages::server, "/good/", true, 110, "A+"),
                new Target("a 404 page: the Observatory refuses to score", TrickyPages::server, "/missing/", true, -1,
                        "Site did respond with an unexpected HTTP status code 404."))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("targets")
    void observatoryScoreIsTheRealScannersScore(Target t) throws Exception {
        String harness = System.getProperty("observatory.harness");
        Report r = audit(t.url());
        if (t.score() < 0) {
            // grade holds the error the scanner stops with
            if (harness != null) {
                assertThat(runRealScanner(harness, t).get("error").asText()).isEqualTo("status 404");
            }
            assertThat(r.observatory()).isNull();
            assertThat(r.observatoryNote()).contains(t.grade());
            return;
        }
        if (harness != null) {
            JsonNode real = runRealScanner(harness, t);
            assertThat(real.get("score").asInt()).as("real scanner: " + real.toPrettyString() + "\ncheckup:\n"
                    + TextReport.render(r)).isEqualTo(t.score());
            assertThat(real.get("grade").asText()).isEqualTo(t.grade());
        }
        assertThat(r.observatory()).as(r.observatoryNote()).isNotNull();
        assertThat(r.observatory().score()).as(TextReport.render(r)).isEqualTo(t.score());
        assertThat(r.observatory().grade().token()).isEqualTo(t.grade());
    }

    private static JsonNode runRealScanner(String harness, Target t) throws IOException, InterruptedException {
        TestServer s = t.server().get();
        List<String> cmd = new ArrayList<>(List.of("node", harness, "127.0.0.1", String.valueOf(s.httpPort()),
                t.httpsPortKnown() ? String.valueOf(s.httpsPort()) : "-", t.path()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of(harness).getParent().toFile());
        pb.environment().put("NODE_EXTRA_CA_CERTS", SiteFixtures.CERT.pem().toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    }

    // ---------------------------------------------------------------- each disagreement, with a control

    @Test
    void rootRedirectIsFollowedAndTheFinalPageGraded() {
        Report r = audit(TrickyPages.server().http("/redirect/"));
        assertThat(r.auditedPage()).isEqualTo(TrickyPages.server().https("/redirect/app/").toString());
        assertThat(finding(r, "transport.page").detail()).contains("after 1 redirect(s)").doesNotContain("refuses");
        // the cookie set on the 302 hop is collected, as the Observatory's jar does
        assertThat(observation(r, Expectation.Test.COOKIES).expectation())
                .isEqualTo(Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY);
        Report control = audit(TrickyPages.server().http("/good/"));
        assertThat(observation(control, Expectation.Test.COOKIES).expectation())
                .isEqualTo(Expectation.COOKIES_NOT_FOUND);
    }

    @Test
    void scriptInsideACommentIsNotAScript() {
        Report r = audit(TrickyPages.server().http("/comment/"));
        assertThat(observation(r, Expectation.Test.SRI).expectation()).isEqualTo(Expectation.SRI_NO_SCRIPTS);
        assertThat(finding(r, "headers.sri").status()).isEqualTo(Status.PASS);
        Report bare = audit(SiteFixtures.bare().http("/r/"));
        assertThat(finding(bare, "headers.sri").status()).isEqualTo(Status.FAIL);
        assertThat(finding(bare, "headers.sri").detail()).contains("http://cdn.example/jquery.js");
    }

    @Test
    void metaCspCountsForTheCspCheckButItsFrameAncestorsDoNot() {
        Report r = audit(TrickyPages.server().http("/metacsp/"));
        assertThat(observation(r, Expectation.Test.CSP).expectation())
                .isEqualTo(Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE);
        assertThat(finding(r, "headers.csp").status()).isEqualTo(Status.PASS);
        assertThat(finding(r, "headers.csp").detail()).contains("<meta http-equiv>");
        // the Observatory counts <meta> frame-ancestors for X-Frame-Options (+5); browsers ignore it there
        assertThat(observation(r, Expectation.Test.XFO).expectation()).isEqualTo(Expectation.XFO_VIA_CSP);
        assertThat(SiteFixtures.extendedObservation(r, Expectation.Test.XFO).expectation())
                .isEqualTo(Expectation.XFO_NOT_IMPLEMENTED);
        assertThat(finding(r, "headers.framing").status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, "headers.framing").detail()).contains("ignored by browsers");
        Report control = audit(TrickyPages.server().http("/good/"));
        assertThat(finding(control, "headers.framing").status()).isEqualTo(Status.PASS);
    }

    @Test
    void metaReferrerIsHonoured() {
        Report r = audit(TrickyPages.server().http("/metareferrer/"));
        assertThat(observation(r, Expectation.Test.REFERRER).expectation()).isEqualTo(Expectation.REFERRER_PRIVATE);
        assertThat(finding(r, "headers.referrer-policy").status()).isEqualTo(Status.PASS);
        Report bare = audit(SiteFixtures.bare().http("/r/"));
        assertThat(finding(bare, "headers.referrer-policy").status()).isEqualTo(Status.WARN);
    }

    @Test
    void hstsOnALaterPlainHttpHopIsSeen() {
        Report r = audit(TrickyPages.server().http("/hop/"));
        assertThat(finding(r, "hsts.absent-on-http").status()).isEqualTo(Status.WARN);
        assertThat(finding(r, "hsts.absent-on-http").detail()).contains("/hop/");
        Report control = audit(TrickyPages.server().http("/good/"));
        assertThat(finding(control, "hsts.absent-on-http").status()).isEqualTo(Status.PASS);
    }

    @Test
    void robotsTxtCookiesAreLostByTheObservatoryButCountedByCheckup() {
        Report r = audit(TrickyPages.server().http("/good/"));
        assertThat(observation(r, Expectation.Test.COOKIES).expectation()).isEqualTo(Expectation.COOKIES_NOT_FOUND);
        assertThat(finding(r, "cookies.secure").status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, "cookies.secure").detail()).contains("robotsession");
    }
}

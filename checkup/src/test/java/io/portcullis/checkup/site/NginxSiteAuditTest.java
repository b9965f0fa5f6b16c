package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.SiteFixtures.finding;
import static io.portcullis.checkup.site.SiteFixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import java.time.Duration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nginx (Debian, OpenSSL 3): a weak server block (TLS 1.0/1.1 and NULL/anon suites through
 * {@code ssl_ciphers ALL:eNULL:@SECLEVEL=0}, no HSTS, a session cookie without flags, the classic
 * {@code return 301 https://$host...} open redirect, {@code server_tokens on}) beside a strong one
 * (TLS 1.2/1.3, default ciphers, HSTS, flagged cookie, fixed redirect host, {@code return 444} for
 * an unknown Host) as the control, plus
 * blocks serving certificates that expire in 5 and 10 days, name another host, or come from an
 * untrusted issuer. Skips when nginx is missing, fails then under PORTCULLIS_REQUIRE_SERVERS=1.
 */
class NginxSiteAuditTest {

    @TempDir
    static Path dir;
    private static RealServer nginx;
    private static Path trusted;
    private static int weakHttp;
    private static int weakHttps;
    private static int strongHttp;
    private static int strongHttps;
    private static int expiring;
    private static int renewSoon;
    private static int otherHost;
    private static int untrusted;
    private static int expiredPort;
    private static Report weak;
    private static Report strong;

    @BeforeAll
    static void start() throws Exception {
        RealServer.require(RealServer.Binary.NGINX);
        List<String> local = List.of("localhost", "127.0.0.1");
        Duration past = Duration.ofDays(-1);
        TestCertificates good = TestCertificates.make(dir, "good", local, past, Duration.ofDays(90));
        TestCertificates fiveDays = TestCertificates.make(dir, "fivedays", local, past, Duration.ofDays(5));
        TestCertificates tenDays = TestCertificates.make(dir, "tendays", local, past, Duration.ofDays(10));
        TestCertificates expired = TestCertificates.make(dir, "expired", local, Duration.ofDays(-90), past);
        TestCertificates other = TestCertificates.make(dir, "other", List.of("other.example"), past,
                Duration.ofDays(90));
        TestCertificates stranger = TestCertificates.make(dir, "stranger", local, past, Duration.ofDays(90));
        trusted = dir.resolve("trusted.pem");
        Files.writeString(trusted, Files.readString(good.cert()) + Files.readString(fiveDays.cert())
                + Files.readString(tenDays.cert()) + Files.readString(other.cert()) + Files.readString(expired.cert()));
        weakHttp = FreePort.next();
        weakHttps = FreePort.next();
        strongHttp = FreePort.next();
        strongHttps = FreePort.next();
        expiring = FreePort.next();
        renewSoon = FreePort.next();
        otherHost = FreePort.next();
        untrusted = FreePort.next();
        expiredPort = FreePort.next();
        String t = dir.toString();
        String conf = """
                daemon off; pid %1$s/nginx.pid; error_log %1$s/nginx.err;
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/nb; proxy_temp_path %1$s/np; fastcgi_temp_path %1$s/nf;
                  uwsgi_temp_path %1$s/nu; scgi_temp_path %1$s/ns;
                  default_type text/html;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { return 301 https://$host:%3$d$request_uri; }
                  }
                  server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %6$s; ssl_certificate_key %7$s;
                    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
                    ssl_ciphers ALL:eNULL:@SECLEVEL=0;
                    location / { add_header Set-Cookie "sessionid=abc; Path=/"; return 200 "<!DOCTYPE html><p>weak</p>"; }
                  }
                  server { listen 127.0.0.1:%4$d default_server; return 444; }
                  server {
                    listen 127.0.0.1:%4$d;
                    server_name 127.0.0.1;
                    server_tokens off;
                    location / {
                      if ($request_method = POST) { return 308 https://127.0.0.1:%5$d$request_uri; }
                      return 301 https://127.0.0.1:%5$d$request_uri;
                    }
                  }
                  server {
                    listen 127.0.0.1:%5$d ssl;
                    server_tokens off;
                    ssl_certificate %6$s; ssl_certificate_key %7$s;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    location / {
                      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
                      add_header Set-Cookie "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax" always;
                      return 200 "<!DOCTYPE html><p>strong</p>";
                    }
                  }
                  server { listen 127.0.0.1:%8$d ssl; ssl_certificate %9$s; ssl_certificate_key %10$s; return 200 "x"; }
                  server { listen 127.0.0.1:%11$d ssl; ssl_certificate %12$s; ssl_certificate_key %13$s; return 200 "x"; }
                  server { listen 127.0.0.1:%14$d ssl; ssl_certificate %15$s; ssl_certificate_key %16$s; return 200 "x"; }
                  server { listen 127.0.0.1:%17$d ssl; ssl_certificate %18$s; ssl_certificate_key %19$s; return 200 "x"; }
                  server { listen 127.0.0.1:%20$d ssl; ssl_certificate %21$s; ssl_certificate_key %22$s; return 200 "x"; }
                }
                """.formatted(t, weakHttp, weakHttps, strongHttp, strongHttps, good.cert(), good.key(),
                expiring, fiveDays.cert(), fiveDays.key(), renewSoon, tenDays.cert(), tenDays.key(),
                otherHost, other.cert(), other.key(), untrusted, stranger.cert(), stranger.key(),
                expiredPort, expired.cert(), expired.key());
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        nginx = RealServer.start(RealServer.Binary.NGINX, file, expiredPort);
        weak = audit(URI.create("http://127.0.0.1:" + weakHttp + "/"));
        strong = audit(URI.create("http://127.0.0.1:" + strongHttp + "/"));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static Report audit(URI url) throws Exception {
        return new SiteAudit(new SiteAudit.Options(url, trusted, List.of(), Grade.B)).run();
    }

    private static void weakFailsStrongPasses(String id, String detail) {
        Finding w = finding(weak, id);
        assertThat(w.status()).as(w.detail()).isEqualTo(Status.FAIL);
        assertThat(w.detail()).contains(detail);
        Finding s = finding(strong, id);
        assertThat(s.status()).as("control: " + s.detail()).isEqualTo(Status.PASS);
    }

    /**
     * The real MDN HTTP Observatory 1.4.8 on the weak and strong blocks (driver and provenance as in
     * {@link ObservatoryScoreTest}); re-checked with {@code -Dobservatory.harness=...}.
     */
    @Test
    void observatoryScoresAreTheRealScanners() throws Exception {
        int weakScore = 0;
        int strongScore = 50;
        String harness = System.getProperty("observatory.harness");
        if (harness != null) {
            assertThat(realScore(harness, weakHttp, weakHttps)).isEqualTo(weakScore);
            assertThat(realScore(harness, strongHttp, strongHttps)).isEqualTo(strongScore);
        }
        assertThat(weak.observatory().score()).as(TextReport.render(weak)).isEqualTo(weakScore);
        assertThat(strong.observatory().score()).as(TextReport.render(strong)).isEqualTo(strongScore);
    }

    private static int realScore(String harness, int httpPort, int httpsPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", harness, "127.0.0.1", String.valueOf(httpPort),
                String.valueOf(httpsPort), "/").directory(Path.of(harness).getParent().toFile());
        pb.environment().put("NODE_EXTRA_CA_CERTS", trusted.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{')))
                .get("score").asInt();
    }

    @Test
    void tls10And11AcceptedByWeakNginxAndRefusedByStrong() {
        weakFailsStrongPasses("transport.tls-versions", "TLSv1 (");
        assertThat(finding(weak, "transport.tls-versions").detail()).contains("TLSv1.1 (");
    }

    @Test
    void weakCipherSuiteAcceptedByWeakNginxAndRefusedByStrong() {
        weakFailsStrongPasses("transport.tls-ciphers", "weak suite TLS_");
    }

    @Test
    void missingHstsFound() {
        weakFailsStrongPasses("hsts.present", "no Strict-Transport-Security");
        assertThat(observation(weak, Expectation.Test.HSTS).expectation()).isEqualTo(Expectation.HSTS_NOT_IMPLEMENTED);
        assertThat(observation(strong, Expectation.Test.HSTS).expectation())
                .isEqualTo(Expectation.HSTS_AT_LEAST_SIX_MONTHS);
    }

    @Test
    void cookieWithoutFlagsFound() {
        weakFailsStrongPasses("cookies.secure", "sessionid");
        weakFailsStrongPasses("cookies.http-only", "sessionid");
        assertThat(observation(weak, Expectation.Test.COOKIES).expectation())
                .isEqualTo(Expectation.COOKIES_SESSION_WITHOUT_SECURE);
    }

    @Test
    void hostEchoingRedirectFound() {
        weakFailsStrongPasses("transport.forged-host.http", "Location: https://checkup-evil.example:");
    }

    @Test
    void unknownHostDroppedWithoutAnswerCountsAsRefusedAndTheAuditGoesOn() {
        Finding f = finding(strong, "transport.forged-host.http");
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.detail()).contains("no answer").contains("refused");
        assertThat(finding(strong, "behaviour.trace").status()).isEqualTo(Status.PASS);
    }

    @Test
    void serverTokensFound() {
        weakFailsStrongPasses("headers.server-version", "Server: nginx/");
        weakFailsStrongPasses("behaviour.error-malformed-path", "<center>nginx/");
    }

    @Test
    void nginxRefusesTraceItself() {
        assertThat(finding(weak, "behaviour.trace").detail()).contains("405");
        assertThat(finding(weak, "behaviour.trace").status()).isEqualTo(Status.PASS);
    }

    @Test
    void redirectsOfTheStrongBlockPass() {
        assertThat(finding(strong, "transport.redirect-get").status()).isEqualTo(Status.PASS);
        assertThat(finding(strong, "transport.redirect-post").status()).isEqualTo(Status.PASS);
        assertThat(finding(weak, "transport.redirect-post").status()).isEqualTo(Status.WARN);
    }

    private static Finding certificateOn(int port) throws Exception {
        return finding(audit(URI.create("https://127.0.0.1:" + port + "/")), "transport.certificate");
    }

    @Test
    void certificateExpiringInFiveDaysFails() throws Exception {
        Finding f = certificateOn(expiring);
        assertThat(f.status()).as(f.detail()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("renewal has failed");
        assertThat(finding(strong, "transport.certificate").status()).isEqualTo(Status.PASS);
    }

    @Test
    void expiredCertificateFails() throws Exception {
        Finding f = certificateOn(expiredPort);
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("expired");
    }

    @Test
    void certificateExpiringInTenDaysWarns() throws Exception {
        Finding f = certificateOn(renewSoon);
        assertThat(f.status()).as(f.detail()).isEqualTo(Status.WARN);
    }

    @Test
    void certificateForAnotherHostFails() throws Exception {
        Finding f = certificateOn(otherHost);
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("not valid for this host name");
    }

    @Test
    void certificateFromUntrustedIssuerFailsButTheSiteIsStillAudited() throws Exception {
        Report r = audit(URI.create("https://127.0.0.1:" + untrusted + "/"));
        assertThat(finding(r, "transport.certificate").detail()).contains("not signed by a trusted authority");
        assertThat(finding(r, "transport.certificate").status()).isEqualTo(Status.FAIL);
        assertThat(observation(r, Expectation.Test.HSTS).expectation()).isEqualTo(Expectation.HSTS_INVALID_CERT);
        assertThat(finding(r, "headers.nosniff").status()).isEqualTo(Status.FAIL);
    }
}

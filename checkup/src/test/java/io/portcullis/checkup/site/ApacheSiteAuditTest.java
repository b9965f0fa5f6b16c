package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.SiteFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.WorldReadableDir;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apache httpd 2.4 (Debian, mod_ssl on OpenSSL 3) with the settings of a default install left
 * loud: {@code ServerTokens Full}, {@code ServerSignature On}, {@code TraceEnable On}, a 301 to
 * HTTPS and nothing else. Its error pages sign with the module list
 * ({@code Apache/2.4.x (Debian) OpenSSL/3.x Server at 127.0.0.1 Port N}), the form the old
 * pattern missed.
 */
class ApacheSiteAuditTest {

    /**
     * The real MDN HTTP Observatory 1.4.8 on this target (driver and provenance as in
     * {@link ObservatoryScoreTest}); re-checked with {@code -Dobservatory.harness=...}.
     */
    static final int OBSERVATORY_SCORE = 30;

    private static WorldReadableDir www;
    private static RealServer apache;
    private static int http;
    private static int https;
    private static Path pem;
    private static Report report;

    @BeforeAll
    static void start() throws Exception {
        RealServer.require(RealServer.Binary.APACHE2);
        www = WorldReadableDir.create();
        Path dir = www.path();
        TestCertificates cert = TestCertificates.make(dir, "apache", List.of("localhost", "127.0.0.1"),
                Duration.ofDays(-1), Duration.ofDays(90));
        Files.setPosixFilePermissions(cert.key(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(cert.cert(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        pem = cert.cert();
        www.write("docs/index.html", "<!DOCTYPE html><title>apache</title><p>hello</p>".getBytes(StandardCharsets.UTF_8));
        http = FreePort.next();
        https = FreePort.next();
        String m = "/usr/lib/apache2/modules/";
        String conf = """
                ServerRoot /etc/apache2
                PidFile %1$s/apache.pid
                Listen 127.0.0.1:%2$d
                Listen 127.0.0.1:%3$d
                LoadModule mpm_event_module %4$smod_mpm_event.so
                LoadModule authz_core_module %4$smod_authz_core.so
                LoadModule alias_module %4$smod_alias.so
                LoadModule dir_module %4$smod_dir.so
                LoadModule mime_module %4$smod_mime.so
                LoadModule ssl_module %4$smod_ssl.so
                LoadModule socache_shmcb_module %4$smod_socache_shmcb.so
                ErrorLog %1$s/apache.err
                ServerName localhost
                User www-data
                Group www-data
                TypesConfig /etc/mime.types
                ServerTokens Full
                ServerSignature On
                TraceEnable On
                DocumentRoot %1$s/docs
                <Directory %1$s/docs>
                  Require all granted
                </Directory>
                <VirtualHost 127.0.0.1:%2$d>
                  Redirect permanent / https://127.0.0.1:%3$d/
                </VirtualHost>
                <VirtualHost 127.0.0.1:%3$d>
                  SSLEngine on
                  SSLCertificateFile %5$s
                  SSLCertificateKeyFile %6$s
                </VirtualHost>
                """.formatted(dir, http, https, m, cert.cert(), cert.key());
        Path file = www.write("apache.conf", conf.getBytes(StandardCharsets.UTF_8));
        apache = RealServer.start(RealServer.Binary.APACHE2, file, https);
        report = new SiteAudit(new SiteAudit.Options(URI.create("http://127.0.0.1:" + http + "/"), pem, List.of(),
                Grade.B)).run();
    }

    @AfterAll
    static void stop() {
        if (apache != null) {
            apache.close();
        }
        if (www != null) {
            www.close();
        }
    }

    @Test
    void signatureWithModulesOnErrorPagesIsFound() {
        Finding f = finding(report, "behaviour.error-404");
        assertThat(f.status()).as(f.detail()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).containsPattern("Apache/2\\.4\\.\\d+ \\(Debian\\) OpenSSL/3[\\d.]+ Server at");
        // control: the same page without a version does not leak one
        assertThat(Checks.leak("<address>Apache Server at 127.0.0.1 Port 443</address>")).isEmpty();
    }

    @Test
    void traceAndBannerFoundWithApacheFixHints() {
        Finding trace = finding(report, "behaviour.trace");
        assertThat(trace.status()).isEqualTo(Status.FAIL);
        assertThat(trace.fix()).contains("Apache httpd: TraceEnable Off").doesNotContain("portcullis.");
        Finding banner = finding(report, "headers.server-version");
        assertThat(banner.status()).isEqualTo(Status.FAIL);
        assertThat(banner.fix()).contains("ServerTokens Prod");
        assertThat(finding(report, "behaviour.software").detail()).contains("Apache httpd");
        assertThat(finding(report, "headers.csp").fix()).startsWith("Apache httpd: Header always set");
    }

    @Test
    void observatoryScoreIsTheRealScannersScore() throws Exception {
        String harness = System.getProperty("observatory.harness");
        if (harness != null) {
            ProcessBuilder pb = new ProcessBuilder("node", harness, "127.0.0.1", String.valueOf(http),
                    String.valueOf(https), "/").directory(Path.of(harness).getParent().toFile());
            pb.environment().put("NODE_EXTRA_CA_CERTS", pem.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            JsonNode real = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
            assertThat(real.get("score").asInt()).as(out).isEqualTo(OBSERVATORY_SCORE);
        }
        assertThat(report.observatory().score()).as(TextReport.render(report)).isEqualTo(OBSERVATORY_SCORE);
    }
}

package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS probes against real nginx (Debian 1.22, OpenSSL 3) configurations, each weakness beside
 * a control, and client-initiated renegotiation against {@code openssl s_server}.
 */
class TlsRealServerTest {

    @TempDir
    static Path dir;
    private static RealServer nginx;
    private static int camelliaOnly;
    private static int rsaCbcOnly;
    private static int strong;
    private static int leafOnly;
    private static int fullChain;
    private static int tls13Picked;

    @BeforeAll
    static void start() throws Exception {
        RealServer.require(RealServer.Binary.NGINX);
        List<String> local = List.of("localhost", "127.0.0.1");
        TestCertificates rsa = TestCertificates.make(dir, "rsa", local, Duration.ofDays(-1), Duration.ofDays(90), true);
        TestCertificates ec = TestCertificates.make(dir, "ec", local, Duration.ofDays(-1), Duration.ofDays(90));
        Path chainDir = Files.createDirectories(dir.resolve("chain"));
        TestCertificates.chain(chainDir, local);
        camelliaOnly = FreePort.next();
        rsaCbcOnly = FreePort.next();
        strong = FreePort.next();
        leafOnly = FreePort.next();
        fullChain = FreePort.next();
        tls13Picked = FreePort.next();
        String t = dir.toString();
        String conf = """
                daemon off; pid %1$s/nginx.pid; error_log %1$s/nginx.err;
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/nb; proxy_temp_path %1$s/np; fastcgi_temp_path %1$s/nf;
                  uwsgi_temp_path %1$s/nu; scgi_temp_path %1$s/ns;
                  server {
                    listen 127.0.0.1:%2$d ssl; ssl_certificate %7$s; ssl_certificate_key %8$s;
                    ssl_protocols TLSv1 TLSv1.1; ssl_ciphers CAMELLIA:@SECLEVEL=0; return 200 "x";
                  }
                  server {
                    listen 127.0.0.1:%3$d ssl; ssl_certificate %7$s; ssl_certificate_key %8$s;
                    ssl_protocols TLSv1.2; ssl_ciphers AES128-SHA:AES256-SHA256; return 200 "x";
                  }
                  server {
                    listen 127.0.0.1:%4$d ssl; ssl_certificate %9$s; ssl_certificate_key %10$s;
                    ssl_protocols TLSv1.2 TLSv1.3; return 200 "x";
                  }
                  server {
                    listen 127.0.0.1:%5$d ssl; ssl_certificate %11$s/leaf.pem; ssl_certificate_key %11$s/leaf.key;
                    return 200 "x";
                  }
                  server {
                    listen 127.0.0.1:%6$d ssl; ssl_certificate %11$s/fullchain.pem; ssl_certificate_key %11$s/leaf.key;
                    return 200 "x";
                  }
                  server {
                    listen 127.0.0.1:%12$d ssl; ssl_certificate %9$s; ssl_certificate_key %10$s;
                    ssl_protocols TLSv1.3;
                    ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256;
                    return 200 "x";
                  }
                }
                """.formatted(t, camelliaOnly, rsaCbcOnly, strong, leafOnly, fullChain, rsa.cert(), rsa.key(),
                ec.cert(), ec.key(), chainDir, tls13Picked);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        nginx = RealServer.start(RealServer.Binary.NGINX, file, fullChain);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void legacyServerWithCamelliaOnlyIsCaughtThoughTheOldAesOfferMissedIt() throws Exception {
        TlsAudit.Scan s = TlsAudit.scan("127.0.0.1", camelliaOnly);
        assertThat(s.accepted().get(TlsProbe.Version.TLS_1_0)).isNotEmpty().allMatch(x -> x.contains("CAMELLIA"));
        Finding f = TlsAudit.versions(s);
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("TLSv1 (", "CAMELLIA");
        // the disagreement: an offer of the 11 AES/3DES suites alone is refused by this server
        assertThat(TlsProbe.offer("127.0.0.1", camelliaOnly, TlsProbe.Version.TLS_1_0, TlsProbe.LEGACY_OFFER)).isEmpty();
        assertThat(TlsAudit.versions(TlsAudit.scan("127.0.0.1", strong)).status()).isEqualTo(Status.PASS);
    }

    @Test
    void tls13SuitesAreEnumeratedIncludingTheCcmOneJsseCannotOffer() throws Exception {
        TlsAudit.Scan picked = TlsAudit.scan("127.0.0.1", tls13Picked);
        assertThat(picked.tls13()).isTrue();
        assertThat(picked.tls13Suites()).containsExactlyInAnyOrder("TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_CCM_SHA256");
        assertThat(picked.accepted()).isEmpty();
        assertThat(TlsAudit.versions(picked).detail())
                .contains("accepts TLSv1.3 (", "TLS_AES_128_CCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");
        // controls: OpenSSL 3's default TLS 1.3 suites, and a TLS 1.2-only server with none
        assertThat(TlsAudit.scan("127.0.0.1", strong).tls13Suites()).containsExactlyInAnyOrder(
                "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
        assertThat(TlsAudit.tls13Suites("127.0.0.1", rsaCbcOnly)).isEmpty();
    }

    @Test
    void rsaKeyExchangeAndCbcOnlyAreFound() throws Exception {
        TlsAudit.Scan weak = TlsAudit.scan("127.0.0.1", rsaCbcOnly);
        assertThat(weak.tls12()).containsExactlyInAnyOrder("TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_AES_256_CBC_SHA256");
        assertThat(TlsAudit.forwardSecrecy(weak).status()).isEqualTo(Status.FAIL);
        assertThat(TlsAudit.cbcOnly(weak).status()).isEqualTo(Status.WARN);
        TlsAudit.Scan control = TlsAudit.scan("127.0.0.1", strong);
        assertThat(control.tls13()).isTrue();
        assertThat(TlsAudit.forwardSecrecy(control).status()).isEqualTo(Status.PASS);
        assertThat(TlsAudit.cbcOnly(control).status()).isEqualTo(Status.PASS);
        assertThat(control.secureRenegotiation()).isTrue();
    }

    @Test
    void leafWithoutItsIntermediateIsAnIncompleteChain() throws Exception {
        Set<X500Principal> anchors = Set.of(new X500Principal("CN=checkup test root"));
        Finding missing = TlsAudit.chain(TlsAudit.presentedChain("127.0.0.1", leafOnly), anchors);
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(missing.detail()).contains("incomplete", "CN=checkup test intermediate");
        Finding control = TlsAudit.chain(TlsAudit.presentedChain("127.0.0.1", fullChain), anchors);
        assertThat(control.status()).isEqualTo(Status.PASS);
        assertThat(control.detail()).contains("2 certificate(s)");
    }

    @Test
    void nginxRefusesClientInitiatedRenegotiation() throws Exception {
        assertThat(TlsAudit.clientRenegotiationAccepted("127.0.0.1", strong)).isFalse();
        assertThat(TlsAudit.renegotiation(true, Optional.of(false)).status()).isEqualTo(Status.PASS);
    }

    @Test
    void serverThatAllowsClientRenegotiationIsFound() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        assumeTrue(Files.isExecutable(openssl), "openssl not installed");
        TestCertificates rsa = TestCertificates.make(dir, "sserver", List.of("localhost", "127.0.0.1"),
                Duration.ofDays(-1), Duration.ofDays(2), true);
        int port = FreePort.next();
        Process p = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port, "-cert",
                rsa.cert().toString(), "-key", rsa.key().toString(), "-www", "-client_renegotiation")
                .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
        try {
            waitFor(port);
            assertThat(TlsAudit.clientRenegotiationAccepted("127.0.0.1", port)).isTrue();
        } finally {
            p.destroy();
        }
    }

    private static void waitFor(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("openssl s_server did not start on " + port);
    }
}

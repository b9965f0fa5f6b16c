package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.TrustingClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mozilla "intermediate": TLS 1.2 and 1.3 only, AEAD suites with forward secrecy only, no
 * client-initiated renegotiation. Each refusal beside the same connection with a good setting.
 */
class TlsProfileTest {

    private static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static SSLSocket socket(String protocol, String... suites) throws IOException {
        SSLSocket s = (SSLSocket) TrustingClient.sslContext(demo.server.certificatePem()).getSocketFactory()
                .createSocket("localhost", demo.server.httpsPort());
        s.setSoTimeout(30_000);
        s.setEnabledProtocols(new String[] {protocol});
        if (suites.length > 0) {
            s.setEnabledCipherSuites(suites);
        }
        return s;
    }

    private static String get(SSLSocket s) throws IOException {
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost:" + demo.server.httpsPort()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        byte[] head = s.getInputStream().readNBytes(12);
        return new String(head, StandardCharsets.US_ASCII);
    }

    @Test
    void cbcSuiteOnTls12IsRefusedAndGcmIsAccepted() throws Exception {
        try (SSLSocket cbc = socket("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
            assertThatThrownBy(cbc::startHandshake).isInstanceOf(IOException.class);
        }
        try (SSLSocket gcm = socket("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            gcm.startHandshake();
            assertThat(gcm.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(get(gcm)).isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void tls13Works() throws Exception {
        try (SSLSocket s = socket("TLSv1.3")) {
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(get(s)).isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void offeredSuitesAreAeadWithForwardSecrecyOnly() {
        assertThat(TlsProfile.SUITES).allSatisfy(s -> assertThat(s).matches(
                "TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256|ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256))"));
        assertThat(TlsProfile.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void clientInitiatedRenegotiationOnTls12IsRefused() throws Exception {
        try (SSLSocket s = socket("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            s.startHandshake();
            // the client asks for a new handshake on the open connection, then sends a request over it
            s.startHandshake();
            assertThatThrownBy(() -> {
                String got = get(s);
                if (!got.startsWith("HTTP/1.1 200")) {
                    throw new IOException("no answer: \"" + got + "\"");
                }
            }).isInstanceOf(IOException.class);
        }
        try (SSLSocket control = socket("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            control.startHandshake(); // control: without the renegotiation the same connection serves the page
            assertThat(get(control)).isEqualTo("HTTP/1.1 200");
        }
    }

    /**
     * The same with OpenSSL's own client, the tool testssl.sh drives: {@code openssl s_client -tls1_2
     * -legacy_renegotiation}, then the {@code R} command (renegotiate) and a request. The server
     * ends the connection and never answers the request; control: the same session without
     * {@code R} gets its 200. Skipped without {@code openssl} unless PORTCULLIS_REQUIRE_SERVERS=1.
     */
    @Test
    void opensslClientInitiatedRenegotiationIsRefused() throws Exception {
        java.nio.file.Path openssl = java.util.stream.Stream.of("/usr/bin/openssl", "/usr/local/bin/openssl")
                .map(java.nio.file.Path::of).filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
        if (openssl == null) {
            org.junit.jupiter.api.Assumptions.assumeTrue(DemoFixture.requireServers(), "openssl is not installed");
            throw new AssertionError("openssl is required (PORTCULLIS_REQUIRE_SERVERS=1)");
        }
        String renegotiated = sClient(openssl, true);
        assertThat(renegotiated).contains("RENEGOTIATING").doesNotContain("HTTP/1.1 200");
        String control = sClient(openssl, false);
        assertThat(control).contains("HTTP/1.1 200");
    }

    /** Runs s_client against the demo, optionally renegotiating before the request; everything it printed. */
    private static String sClient(java.nio.file.Path openssl, boolean renegotiate) throws Exception {
        Process p = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + demo.server.httpsPort(),
                "-servername", "localhost", "-tls1_2", "-legacy_renegotiation", "-crlf",
                "-CAfile", demo.server.certificatePem().toString()).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1)) {
                char[] buf = new char[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.append(buf, 0, n);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "s_client-output");
        reader.start();
        try {
            var stdin = p.getOutputStream();
            awaitOutput(out, p, "Verify return code", 20_000);
            if (renegotiate) {
                stdin.write("R\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                awaitOutput(out, p, "RENEGOTIATING", 10_000);
                Thread.sleep(1000); // let the refused handshake play out before the request
            }
            try {
                stdin.write(("GET / HTTP/1.1\nHost: localhost:" + demo.server.httpsPort() + "\nConnection: close\n\n")
                        .getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            } catch (IOException closed) {
                // s_client already ended: the server closed the connection
            }
            awaitOutput(out, p, "HTTP/1.1 200", 10_000);
        } finally {
            p.destroy();
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            reader.join(10_000);
        }
        return out.toString();
    }

    private static void awaitOutput(StringBuffer out, Process p, String text, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (out.indexOf(text) < 0 && p.isAlive() && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
    }
}

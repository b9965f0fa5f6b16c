package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile site on loopback (raw sockets): a body that stalls after its headers or trickles in
 * must end the request at the deadline instead of holding the audit for ever. The {@code @Timeout}s
 * only stop a hang; nothing here asserts a duration.
 */
class HostileSiteTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    @FunctionalInterface
    interface Handler {
        void handle(OutputStream out) throws Exception;
    }

    private ServerSocket server;

    private URI serve(Handler h) throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket ss = server;
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread w = new Thread(() -> {
                        try (s) {
                            InputStream in = s.getInputStream();
                            in.read(new byte[8192]);
                            h.handle(s.getOutputStream());
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/");
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Handler headersThen(String body, boolean stall) {
        return out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n" + body));
            out.flush();
            if (stall) {
                Thread.sleep(120_000);
            }
        };
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bodyThatStallsAfterItsHeadersTimesOutInsteadOfHanging() throws Exception {
        URI uri = serve(headersThen("abc", true));
        Http http = new Http(Certificates.unverified(), SHORT);
        assertThatThrownBy(() -> http.get(uri)).isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("no complete answer within");
        assertThat(SiteAudit.describe(new HttpTimeoutException("x"))).startsWith("timed out");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bodyThatArrivesWithinTheDeadlineIsRead() throws Exception {
        URI uri = serve(headersThen("x".repeat(100), false));
        Response r = new Http(Certificates.unverified(), SHORT).get(uri);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("x".repeat(100));
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void endlessBodyIsCutAtTheBodyLimit() throws Exception {
        URI uri = serve(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"));
            byte[] chunk = ascii("y".repeat(65536));
            while (true) {
                out.write(chunk);
            }
        });
        Response r = new Http(Certificates.unverified(), Duration.ofSeconds(20)).get(uri);
        assertThat(r.body()).hasSize(Response.BODY_LIMIT);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void rawRequestToATrickleEndsAtTheDeadlineWithWhatArrived() throws Exception {
        URI uri = serve(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"));
            out.flush();
            while (true) {
                out.write('z');
                out.flush();
                Thread.sleep(20);
            }
        });
        Response r = new Http(Certificates.unverified(), SHORT).raw(uri, "GET / HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length()).isBetween(1, 99_999);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void rawRequestToACompleteAnswerReadsItAll() throws Exception {
        URI uri = serve(headersThen("w".repeat(100), true));
        Response r = new Http(Certificates.unverified(), SHORT).raw(uri, "GET / HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(r.body()).isEqualTo("w".repeat(100));
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void redirectToAFileUrlFailsTheRedirectCheckInsteadOfStoppingTheAudit() throws Exception {
        URI uri = serve(out -> out.write(ascii("HTTP/1.1 301 Moved\r\nLocation: file:///etc/passwd\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")));
        SiteCommandTest.Run run = SiteCommandTest.run(uri.toString(), "--json");
        assertThat(run.err()).doesNotContain("stopped").doesNotContain("Exception:");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"transport.redirect-get\"");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void redirectToAnotherHostIsAuditedToo() throws Exception {
        URI uri = serve(out -> out.write(ascii("HTTP/1.1 301 Moved\r\nLocation: https://checkup-other.invalid/\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")));
        SiteCommandTest.Run run = SiteCommandTest.run(uri.toString(), "--json");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"transport.redirect-get\"");
    }
}

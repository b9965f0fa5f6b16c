package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The total body deadline, separate from the minimum data rate: a body that trickles in just
 * above the minimum rate (2 KiB/s against 1 KiB/s) is cut when the deadline (3 s here) passes,
 * long before it is complete, with a problem+json 408 — a form read ahead of the servlet as well
 * as a logged-in user's multipart upload read on a worker thread. Controls: the same bodies sent
 * at once are answered as usual.
 */
class BodyDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Bytes per step and the pause between steps: 2 KiB/s, twice the minimum rate. */
    private static final int STEP = 205;
    private static final long PAUSE_MS = 100;

    private static Path dir;
    private static DemoServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("portcullis-demo-deadline");
        server = DemoServer.start(DemoConfig.defaults(dir).withPorts(0, 0), Clock.systemUTC(), ThrottleLimits.defaults(),
                DEADLINE);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            DemoFixture.deleteTree(dir);
        }
    }

    private record Outcome(String head, String body, int bytesSent, int bodyLength) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /**
     * Sends {@code head} at once, then {@code body} {@value #STEP} bytes every {@value #PAUSE_MS} ms
     * ({@code trickle}) or all at once, until the server answers; what it answered and how much was sent.
     */
    private static Outcome send(String head, byte[] body, boolean trickle) throws Exception {
        try (RawTls t = new RawTls(server.httpsUri(), server.certificatePem())) {
            t.send(head);
            int sent = 0;
            if (!trickle) {
                t.send(body);
                sent = body.length;
            } else {
                while (sent < body.length && t.in.available() == 0) {
                    int n = Math.min(STEP, body.length - sent);
                    try {
                        t.send(Arrays.copyOfRange(body, sent, sent + n));
                    } catch (IOException closed) {
                        break;
                    }
                    sent += n;
                    Thread.sleep(PAUSE_MS);
                }
            }
            String all = t.readResponse(64 * 1024); // until the server closes (it answers with Connection: close)
            int split = all.indexOf("\r\n\r\n");
            assertThat(split).as("an answer, not a bare close: %s", all).isPositive();
            return new Outcome(all.substring(0, split), all.substring(split + 4), sent, body.length);
        }
    }

    private static String post(String path, String contentType, int length, String cookie) {
        // with the Origin a browser sends: the CSRF filter then needs the token from the body itself
        return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + server.httpsPort() + "\r\nOrigin: https://localhost:"
                + server.httpsPort() + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                + "\r\n";
    }

    @Test
    void formTricklingJustAboveTheMinimumRateIsCutAtTheDeadlineWithProblemJson() throws Exception {
        byte[] form = ("csrf=" + "a".repeat(12_000)).getBytes(StandardCharsets.US_ASCII); // 6 s at 2 KiB/s
        Outcome slow = send(post("/login", "application/x-www-form-urlencoded", form.length, null), form, true);
        assertThat(slow.status()).as(slow.head()).isEqualTo(408);
        assertThat(slow.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(slow.body()).contains("body-deadline");
        assertThat(slow.bytesSent()).as("cut before the body was complete").isLessThan(form.length);

        // control: the same body at once is read and judged (no valid token: 403, not a timeout)
        Outcome fast = send(post("/login", "application/x-www-form-urlencoded", form.length, null), form, false);
        assertThat(fast.status()).as(fast.head()).isEqualTo(403);
        assertThat(fast.body()).contains("CSRF_TOKEN_INVALID");
    }

    @Test
    void loggedInUsersUploadTricklingJustAboveTheMinimumRateIsCutAtTheDeadlineAndLeavesNothing() throws Exception {
        WebClient user = new WebClient(server.httpsUri(), server.certificatePem());
        assertThat(user.signUp(DemoFixture.newName(), DemoFixture.password()).statusCode()).isEqualTo(303);
        String token = user.csrfFrom("/upload");
        String session = user.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::toString).findFirst().orElseThrow();

        String boundary = "deadline" + System.nanoTime();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("slow but steady\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII)); // 16 000 bytes: 8 s at 2 KiB/s
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = b.toByteArray();
        String head = post("/upload", "multipart/form-data; boundary=" + boundary, body.length, session);

        Outcome slow = send(head, body, true);
        assertThat(slow.status()).as(slow.head()).isEqualTo(408);
        assertThat(slow.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(slow.body()).contains("body-deadline");
        assertThat(slow.bytesSent()).as("cut before the body was complete").isLessThan(body.length);
        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).as("the upload's spool is gone").isEmpty();
        }
        assertThat(user.get("/files").body()).doesNotContain("notes.txt");

        // control: the same upload at once is stored
        Outcome fast = send(head, body, false);
        assertThat(fast.status()).as(fast.head() + fast.body()).isEqualTo(201);
        assertThat(user.get("/files").body()).contains("notes.txt");
    }

    @Test
    void deadlineMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BodyDeadline(null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}

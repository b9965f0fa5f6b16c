package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in its own JVM, killed at chosen instants as {@code kill -9} would, then started again
 * on the same data directory: what was confirmed to a client is still there (byte for byte), what
 * was not is invisible, and no temp file stays behind.
 */
@Timeout(600)
class CrashRecoveryTest {

    @TempDir
    Path data;

    /** Small heap; C1 only, which starts the short-lived JVMs of this test faster. */
    private static final List<String> JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1");

    private static long files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static String uploadedId(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body().replaceAll("(?s).*href=\"/files/([0-9a-f]{32})\".*", "$1");
    }

    /** Four starts on one data directory, each ended by a crash at a chosen instant but the last. */
    @Test
    void crashesAtChosenInstantsLoseNothingConfirmedShowNothingUnconfirmedAndLeaveNoTempFiles() throws Exception {
        String name = "crash-user";
        String victim = "victim-user";
        String password = DemoFixture.password();
        int limit = ThrottleLimits.defaults().accountFailures();
        byte[] kept = "confirmed before the crash\n".getBytes(StandardCharsets.UTF_8);
        String keptId;

        // A. failed log-ins are counted; then the store commits an upload and the process dies before its row
        try (ForkedDemo demo = ForkedDemo.start(data, withCrash(CrashPoints.UPLOAD_STORED))) {
            WebClient c = demo.client();
            assertThat(c.signUp(name, password).statusCode()).isEqualTo(303);
            assertThat(demo.client().signUp(victim, password).statusCode()).isEqualTo(303);
            for (int i = 0; i < limit; i++) {
                assertThat(demo.client().logIn(victim, "wrong password!").statusCode()).isEqualTo(401);
            }
            try {
                c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), "lost.txt", "text/plain",
                        "never confirmed\n".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.UncheckedIOException expected) {
                // the connection died with the process
            }
            assertThat(demo.awaitExit()).isEqualTo(137);
        }
        assertThat(files(data.resolve("uploads/data"))).as("the orphan the crash left").isEqualTo(1);

        // B. restart: accounts and counts survived, the orphan is invisible and moved aside; then kill -9 mid-upload
        try (ForkedDemo demo = ForkedDemo.start(data, JVM)) {
            WebClient c = demo.client();
            assertThat(c.logIn(name, password).statusCode()).isEqualTo(303);
            assertThat(demo.client().logIn(victim, password).statusCode()).as("no fresh guesses after a crash")
                    .isEqualTo(429);
            assertThat(c.get("/files").body()).doesNotContain("lost.txt");
            assertThat(files(data.resolve("uploads/data"))).isZero();
            assertThat(files(data.resolve(UserFiles.ORPHANS))).isEqualTo(2); // bytes + metadata, for an operator
            keptId = uploadedId(c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), "kept.txt", "text/plain", kept));
            halfUploadThenKill(demo, c);
        }
        assertThat(files(data.resolve("tmp"))).as("the multipart spool kill -9 left").isPositive();

        // C. restart: the spool is swept, the confirmed file intact; the container spools an upload and the process dies
        try (ForkedDemo demo = ForkedDemo.start(data, withCrash(CrashPoints.UPLOAD_SPOOLED))) {
            assertThat(files(data.resolve("tmp"))).isZero();
            WebClient c = demo.client();
            assertThat(c.logIn(name, password).statusCode()).isEqualTo(303);
            assertThat(c.getBytes("/files/" + keptId).body()).isEqualTo(kept);
            try {
                c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), "spooled.txt", "text/plain",
                        "x\n".repeat(100_000).getBytes(StandardCharsets.UTF_8));
            } catch (java.io.UncheckedIOException expected) {
                // the connection died with the process
            }
            assertThat(demo.awaitExit()).isEqualTo(137);
        }
        assertThat(files(data.resolve("tmp"))).as("the multipart spool the crash left").isPositive();

        // D. restart: nothing left anywhere, the confirmed file byte-identical, only it listed
        try (ForkedDemo demo = ForkedDemo.start(data, JVM)) {
            WebClient c = demo.client();
            assertThat(c.logIn(name, password).statusCode()).isEqualTo(303);
            assertThat(files(data.resolve("tmp"))).isZero();
            assertThat(files(data.resolve("uploads/tmp"))).isZero();
            assertThat(files(data.resolve("uploads/data"))).isEqualTo(1);
            HttpResponse<byte[]> r = c.getBytes("/files/" + keptId);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(kept);
            assertThat(c.get("/files").body()).contains("kept.txt").doesNotContain("spooled.txt", "lost.txt", "half.txt");
        }
    }

    /** Sends half of a 4 MiB upload on a raw connection, waits until the container spools it, then kill -9. */
    private void halfUploadThenKill(ForkedDemo demo, WebClient c) throws Exception {
        String cookie = c.cookies.getCookieStore().getCookies().stream().filter(k -> k.getName().equals("JSESSIONID"))
                .findFirst().orElseThrow().getValue();
        String token = c.csrfFrom("/upload");
        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n";
        int fileSize = 4 * 1024 * 1024;
        long length = head.length() + fileSize + ("\r\n--" + boundary + "--\r\n").length();
        try (RawTls t = new RawTls(demo.https, demo.pem)) {
            t.send("POST /upload HTTP/1.1\r\nHost: localhost:" + demo.https.getPort() + "\r\nCookie: JSESSIONID="
                    + cookie + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + length + "\r\n\r\n" + head);
            byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < fileSize / 2 / chunk.length; i++) {
                t.send(chunk);
            }
            for (int i = 0; i < 100 && files(data.resolve("tmp")) == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(files(data.resolve("tmp"))).as("the container is spooling").isPositive();
            demo.kill();
        }
    }

    private static List<String> withCrash(String point) {
        return List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-D" + CrashPoints.PROPERTY + "=" + point);
    }
}

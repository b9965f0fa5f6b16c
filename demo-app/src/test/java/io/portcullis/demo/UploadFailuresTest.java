package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads that cannot be kept: too large (the app's 413 problem+json, never the container's page),
 * a full database or a full disk (507 problem+json) - and in every case nothing is left behind:
 * no stored file, no staging or multipart temp file, no row, nothing listed. Each with a control.
 */
class UploadFailuresTest {

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

    static long count(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    static void assertNothingLeft(Path data, long storedBefore) throws Exception {
        assertThat(count(data.resolve("uploads/data"))).as("stored files").isEqualTo(storedBefore);
        assertThat(count(data.resolve("uploads/tmp"))).as("upload store staging").isZero();
        try (Stream<Path> s = Files.walk(data.resolve("tmp"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("container multipart temp files").isEmpty();
        }
    }

    private static HttpResponse<String> upload(WebClient c, String name, byte[] content) {
        return c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), name, "text/plain", content);
    }

    private static HttpResponse<String> uploadChunked(WebClient c, String name, byte[] content) {
        return c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), name, "text/plain", content, true);
    }

    private static byte[] text(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'a');
        for (int i = 79; i < size; i += 80) {
            b[i] = '\n';
        }
        return b;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").doesNotContain("<html", "Exception", "at org.");
    }

    @Test
    void uploadAnnouncedLargerThanTheLimitIs413ProblemBeforeTheBodyIsStored() throws Exception {
        WebClient c = demo.newUser();
        long before = count(demo.dataDir.resolve("uploads/data"));
        assertProblem(upload(c, "big.txt", text((int) DemoServer.MAX_UPLOAD + 2 * 1024 * 1024)), 413, "TOO_LARGE");
        assertNothingLeft(demo.dataDir, before);
        assertThat(upload(c, "small.txt", text(1024)).statusCode()).isEqualTo(201); // control
    }

    @Test
    void fileJustOverTheLimitIsCaughtWhileSpoolingAnd413Problem() throws Exception {
        WebClient c = demo.newUser();
        long before = count(demo.dataDir.resolve("uploads/data"));
        // the request is within limit + form overhead, so only the container's per-file limit stops it
        assertProblem(upload(c, "edge.txt", text((int) DemoServer.MAX_UPLOAD + 1)), 413, "TOO_LARGE");
        assertNothingLeft(demo.dataDir, before);
        assertThat(upload(c, "edge.txt", text((int) DemoServer.MAX_UPLOAD - 1024)).statusCode()).isEqualTo(201); // control
    }

    @Test
    void fullDatabaseAtUploadIs507AndTheStoredBytesAreRemoved() throws Exception {
        WebClient c = demo.newUser();
        long before = count(demo.dataDir.resolve("uploads/data"));
        Database db = demo.server.app().database();
        db.failCommitsAsFullForTests(true);
        try {
            HttpResponse<String> r = upload(c, "notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
            assertProblem(r, 507, "storage-full");
            assertNothingLeft(demo.dataDir, before);
        } finally {
            db.failCommitsAsFullForTests(false);
        }
        assertThat(c.get("/files").body()).doesNotContain("notes.txt");
        assertThat(upload(c, "notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        assertThat(c.get("/files").body()).contains("notes.txt"); // control
    }

    @Test
    void fullDatabaseAtSignUpIs507AndTheAccountNeverExists() throws Exception {
        Database db = demo.server.app().database();
        String name = DemoFixture.newName();
        WebClient c = demo.https();
        String token = c.csrfFrom("/signup");
        db.failCommitsAsFullForTests(true);
        try {
            HttpResponse<String> r = c.post("/signup", Map.of("csrf", token, "username", name,
                    "password", DemoFixture.password()));
            assertProblem(r, 507, "storage-full");
            assertThat(demo.server.app().users().exists(name)).isFalse();
        } finally {
            db.failCommitsAsFullForTests(false);
        }
        assertThat(demo.https().logIn(name, DemoFixture.password()).statusCode()).isEqualTo(401);
        assertThat(demo.https().signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303); // control
    }

    @Test
    void fullDiskBeforeOrWhileSpoolingIs507AndLeavesNothing() throws Exception {
        Path mount = Files.createTempDirectory("portcullis-small-fs");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor() == 0;
        if (!mounted && DemoFixture.requireServers()) {
            throw new AssertionError("a 6 MiB tmpfs is needed (root, mount -t tmpfs): "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        assumeTrue(mounted, "cannot mount a small tmpfs here (needs root); the injected full database covers 507");
        try {
            Path data = mount.resolve("data");
            try (DemoServer s = DemoServer.start(DemoConfig.defaults(data).withPorts(0, 0))) {
                WebClient c = new WebClient(s.httpsUri(), s.certificatePem());
                assertThat(c.signUp(DemoFixture.newName(), DemoFixture.password()).statusCode()).isEqualTo(303);
                // 8 MiB announced cannot fit on a 6 MiB file system: refused before the body is read
                assertProblem(upload(c, "huge.txt", text(8 * 1024 * 1024)), 507, "storage-full");
                assertNothingLeft(data, 0);
                // the same without Content-Length: upload-guard spools it until the disk is full
                assertProblem(uploadChunked(c, "huge.txt", text(8 * 1024 * 1024)), 507, "storage-full");
                assertNothingLeft(data, 0);
                // (the store moves upload-guard's spooled file, no second copy: what spools, stores)
                HttpResponse<String> ok = upload(c, "small.txt", text(64 * 1024)); // control: space is back
                assertThat(ok.statusCode()).isEqualTo(201);
                assertThat(count(data.resolve("uploads/data"))).isEqualTo(1);
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
            Files.deleteIfExists(mount);
        }
    }
}

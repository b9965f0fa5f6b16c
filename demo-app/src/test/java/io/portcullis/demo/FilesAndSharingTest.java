package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ownership of stored files, rejected uploads, and signed share links with expiry and embargo. */
class FilesAndSharingTest {

    private static final byte[] TEXT = "meeting notes\n".getBytes(StandardCharsets.UTF_8);

    private static DemoFixture demo;
    private static WebClient alice;
    private static WebClient bob;
    private static String aliceFile;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
        alice = demo.newUser();
        bob = demo.newUser();
        aliceFile = upload(alice, "notes.txt", TEXT);
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    static String upload(WebClient c, String name, byte[] bytes) {
        HttpResponse<String> r = c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), name, "application/octet-stream", bytes);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body().replaceAll("(?s).*href=\"/files/([0-9a-f]{32})\".*", "$1");
    }

    private static String shareLink(WebClient c, String id, String minutes, String embargo) {
        HttpResponse<String> r = c.post("/files/" + id + "/share",
                Map.of("csrf", c.csrfFrom("/files"), "minutes", minutes, "embargo", embargo));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<a href=\"([^\"]+)\" id=\"share-open\">").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void ownerDownloadsTheExactBytes() {
        HttpResponse<byte[]> r = alice.getBytes("/files/" + aliceFile);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(TEXT);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(r.headers().firstValue("content-disposition").orElse("")).contains("notes.txt");
    }

    @Test
    void anotherUsersFileIs404LikeAMissingOne() {
        HttpResponse<String> foreign = bob.get("/files/" + aliceFile);
        HttpResponse<String> missing = bob.get("/files/" + "0".repeat(32));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(missing.body()).doesNotContain("notes.txt");
        HttpResponse<String> share = bob.post("/files/" + aliceFile + "/share", Map.of("csrf", bob.csrfFrom("/files"), "minutes", "60"));
        assertThat(share.statusCode()).isEqualTo(404);
        assertThat(bob.get("/files").body()).doesNotContain(aliceFile);
    }

    @Test
    void phpScriptNamedPngIsRejectedWithReasonAndNothingIsKept() throws Exception {
        WebClient c = demo.newUser();
        long storedBefore = count(demo.dataDir.resolve("uploads/data"));
        HttpResponse<String> r = c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), "shell.png", "image/png",
                "<?php system($_GET['c']); ?>\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isBetween(400, 499);
        // upload-guard's UploadGuardFilter answered: its problem+json (a browser gets the verdict page)
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(reasons(r.body())).matches("[A-Z_]+(,[A-Z_]+)*").contains("TYPE_MISMATCH");
        assertThat(r.body()).contains("\"detectedType\":\"text/x-php\"").doesNotContain("Exception", "at org.");
        assertThat(count(demo.dataDir.resolve("uploads/data"))).isEqualTo(storedBefore);
        assertThat(count(demo.dataDir.resolve("uploads/tmp"))).isZero();
        assertThat(count(demo.dataDir.resolve("tmp"))).isZero();
        assertThat(c.get("/files").body()).doesNotContain("shell.png");
    }

    /** Issue 9: server code hidden where a file looks clean gets the same reason code as in the filter and checkup. */
    @Test
    void shortTagInAPrivatePngChunkOrATextFileIsServerCode() throws Exception {
        WebClient c = demo.newUser();
        byte[] code = "<? system($_GET['c']); ?>".getBytes(StandardCharsets.ISO_8859_1);
        for (var upload : Map.of("hidden.png", withPrivateChunk(BrowserTourTest.png(), code), "notes.txt",
                ("Notes\n<? system($_GET['c']); ?>\n").getBytes(StandardCharsets.ISO_8859_1)).entrySet()) {
            HttpResponse<String> r = c.postFile("/upload", Map.of("csrf", c.csrfFrom("/upload")), upload.getKey(),
                    "application/octet-stream", upload.getValue());
            assertThat(r.statusCode()).as(upload.getKey()).isBetween(400, 499);
            assertThat(reasons(r.body())).as(upload.getKey()).isEqualTo("SERVER_CODE");
        }
        String id = upload(c, "caption.png", withPrivateChunk(BrowserTourTest.png(),
                "Hello, a harmless caption here".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(id).isNotBlank();
    }

    /** The {@code reasons} of a problem+json answer, comma-separated without spaces. */
    static String reasons(String problem) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"reasons\":\\[([^\\]]*)\\]").matcher(problem);
        if (!m.find()) {
            throw new AssertionError("no reasons in " + problem);
        }
        return m.group(1).replace("\"", "");
    }

    /** {@code png} with a private {@code prVt} chunk holding {@code data} before IEND. */
    static byte[] withPrivateChunk(byte[] png, byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(png, 0, png.length - 12);
        byte[] t = "prVt".getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, png.length - 12, 12);
        return out.toByteArray();
    }

    @Test
    void realPngIsAccepted() throws Exception {
        WebClient c = demo.newUser();
        String id = upload(c, "photo.png", BrowserTourTest.png());
        assertThat(c.getBytes("/files/" + id).headers().firstValue("content-type")).hasValue("image/png");
    }

    @Test
    void shareLinkWorksForAnyoneAndTamperingIsRefused() {
        String link = shareLink(alice, aliceFile, "60", "0");
        assertThat(link).startsWith("/s/" + aliceFile + "?").contains("exp=", "sig=");
        WebClient stranger = demo.https();
        HttpResponse<byte[]> ok = stranger.getBytes(link);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(TEXT);

        String sig = link.replaceAll(".*sig=([^&]+).*", "$1");
        String flipped = sig.substring(0, sig.length() - 1) + (sig.endsWith("A") ? "B" : "A");
        HttpResponse<String> forged = stranger.get(link.replace("sig=" + sig, "sig=" + flipped));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("SIGNATURE_INVALID");

        String otherFile = upload(alice, "other.txt", "other\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> moved = stranger.get(link.replace(aliceFile, otherFile));
        assertThat(moved.statusCode()).isEqualTo(403);

        HttpResponse<String> unsigned = stranger.get("/s/" + aliceFile);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("SIGNATURE_MISSING");

        HttpResponse<String> longer = stranger.get(link.replaceAll("exp=[0-9]+", "exp=9999999999"));
        assertThat(longer.statusCode()).isEqualTo(403);
    }

    @Test
    void embargoedShareLinkIs404UntilItsTime() {
        String link = shareLink(alice, aliceFile, "60", "5");
        assertThat(link).contains("nbf=");
        HttpResponse<String> early = demo.https().get(link);
        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(early.body()).contains("NOT_YET_RELEASED");
    }

    @Test
    void shareLinkWithEmbargoNotBeforeExpiryOrOddLifetimeIsRefused() {
        for (Map<String, String> bad : java.util.List.of(Map.of("minutes", "5", "embargo", "5"),
                Map.of("minutes", "7", "embargo", "0"), Map.of("minutes", "abc", "embargo", "0"),
                Map.of("minutes", "60", "embargo", "-1"))) {
            Map<String, String> form = new java.util.HashMap<>(bad);
            form.put("csrf", alice.csrfFrom("/files"));
            HttpResponse<String> r = alice.post("/files/" + aliceFile + "/share", form);
            assertThat(r.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(r.body()).contains("share-link-invalid");
        }
    }

    private static long count(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}

package io.portcullis.checkup.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.checkup.Checkup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code checkup uploads}: output lines, JSON, exit codes 0/1/2. */
class UploadsCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(String... args) {
        CommandLine cl = Checkup.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().replace("\r", ""), err.toString());
    }

    static byte[] png() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @BeforeEach
    void media() throws Exception {
        Files.createDirectories(dir.resolve("media/2024/avatars"));
        Files.write(dir.resolve("media/logo.png"), png());
        Files.write(dir.resolve("media/2024/cat.png"), png());
        Files.writeString(dir.resolve("media/2024/avatars/me.jpg"), "<?php system($_GET['c']); ?>");
    }

    @Test
    void folderWithAShellThenRejectLineAndExit1() {
        Run r = run("uploads", "--allow", "jpg,png", dir.resolve("media").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines().get(3)).isEqualTo("3 file(s): 2 accepted, 1 rejected");
        assertThat(r.out()).contains("ACCEPT image/png " + dir.resolve("media/logo.png"),
                "ACCEPT image/png " + dir.resolve("media/2024/cat.png"),
                "REJECT TYPE_MISMATCH,SERVER_CODE text/x-php " + dir.resolve("media/2024/avatars/me.jpg"));
    }

    /** A PNG with one extra chunk before IEND (CRC computed). */
    static byte[] pngWithChunk(String type, byte[] data) throws Exception {
        byte[] png = png();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(png, 0, png.length - 12);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
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

    /** Issue 9: the same reason code as the filter and the demo (they all call UploadGuard). */
    @Test
    void serverCodeHiddenInAPrivatePngChunkOrATextShortTagIsServerCode() throws Exception {
        Path hidden = dir.resolve("hidden");
        Files.createDirectories(hidden);
        byte[] code = "<? system($_GET['c']); ?>".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(hidden.resolve("private-chunk.png"), pngWithChunk("prVt", code));
        Files.write(hidden.resolve("caption-chunk.png"), pngWithChunk("prVt",
                "Hello, a harmless caption here".getBytes(StandardCharsets.ISO_8859_1)));
        Files.write(hidden.resolve("notes.txt"), ("Notes\n<? system($_GET[c]); ?>\n").getBytes(StandardCharsets.ISO_8859_1));
        Run r = run("uploads", "--allow", "png,txt", hidden.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("REJECT SERVER_CODE image/png " + hidden.resolve("private-chunk.png"),
                "ACCEPT image/png " + hidden.resolve("caption-chunk.png"),
                "REJECT SERVER_CODE text/plain " + hidden.resolve("notes.txt"));
    }

    @Test
    void linesComeInFileOrderWhateverTheNumberOfJobs() throws Exception {
        Path many = dir.resolve("many");
        Files.createDirectories(many);
        byte[] png = png();
        for (int i = 0; i < 40; i++) {
            // every seventh file is refused, so accepted and rejected lines interleave
            if (i % 7 == 3) {
                Files.writeString(many.resolve(String.format("f%02d.png", i)), "<?php system($_GET['c']); ?>");
            } else {
                Files.write(many.resolve(String.format("f%02d.png", i)), png);
            }
        }
        Run one = run("uploads", "--jobs", "1", "--allow", "png", many.toString());
        Run four = run("uploads", "--jobs", "4", "--allow", "png", many.toString());
        assertThat(one.lines()).hasSize(41);
        assertThat(one.lines().get(3)).startsWith("REJECT").endsWith(")").contains("f03.png");
        assertThat(four.lines()).isEqualTo(one.lines());
        assertThat(four.exit()).isEqualTo(1).isEqualTo(one.exit());
    }

    @Test
    void negativeJobsThenExit2() {
        Run r = run("uploads", "--jobs", "-1", "--allow", "png", dir.resolve("media").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--jobs");
    }

    @Test
    void allAcceptedThenExit0() {
        Run r = run("uploads", "--allow", "png", dir.resolve("media/logo.png").toString(), dir.resolve("media/2024/cat.png").toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().subList(0, 2)).allMatch(l -> l.startsWith("ACCEPT "));
        assertThat(r.lines().get(2)).isEqualTo("2 file(s): 2 accepted, 0 rejected");
    }

    @Test
    void jsonOneObjectPerLineWithTheIssueFields() throws Exception {
        Run r = run("uploads", "--allow", "jpg,png", "--json", dir.resolve("media").toString());
        assertThat(r.exit()).isEqualTo(1);
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.lines()) {
            nodes.add(m.readTree(line));
        }
        assertThat(nodes).hasSize(3);
        assertThat(r.err()).contains("3 file(s): 2 accepted, 1 rejected");
        JsonNode shell = nodes.stream().filter(n -> n.get("path").asText().endsWith("me.jpg")).findFirst().orElseThrow();
        assertThat(shell.get("accepted").asBoolean()).isFalse();
        assertThat(shell.get("detectedType").asText()).isEqualTo("text/x-php");
        assertThat(shell.get("reasons").toString()).isEqualTo("[\"TYPE_MISMATCH\",\"SERVER_CODE\"]");
        JsonNode ok = nodes.stream().filter(n -> n.get("path").asText().endsWith("logo.png")).findFirst().orElseThrow();
        assertThat(ok.get("accepted").asBoolean()).isTrue();
        assertThat(ok.get("reasons").size()).isZero();
    }

    @Test
    void extensionNotAllowedIsARejection() {
        Run r = run("uploads", "--allow", "png", dir.resolve("media/2024/avatars/me.jpg").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("REJECT EXTENSION_NOT_ALLOWED,");
    }

    @Test
    void missingAllowThenExit2() {
        Run r = run("uploads", dir.resolve("media").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--allow=EXT'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownExtensionThenExit2WithTheAllowedList() {
        Run r = run("uploads", "--allow", "png,exe", dir.resolve("media").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--allow: entries must be known safe extensions (jpg, jpeg", "got \"exe\"");
    }

    @Test
    void missingPathThenExit2() {
        Run r = run("uploads", "--allow", "png", dir.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no such file or folder");
    }

    @Test
    void noPathThenExit2() {
        assertThat(run("uploads", "--allow", "png").exit()).isEqualTo(2);
    }

    @Test
    void progressBarOnlyWhenEnabledAndLong() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(err), 100, true)) {
            for (int i = 0; i < 100; i++) {
                p.step();
            }
        }
        assertThat(err.toString()).contains("100/100 files");
        StringWriter quiet = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(quiet), 100, false)) {
            p.step();
        }
        assertThat(quiet.toString()).isEmpty();
        StringWriter shortScan = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(shortScan), 3, true)) {
            p.step();
        }
        assertThat(shortScan.toString()).isEmpty();
    }

    @Test
    void commandOutputHasNoProgressWhenStderrIsNotATerminal() {
        // surefire pipes stderr, so the command must not draw
        assertThat(Progress.stderrIsTerminal()).isFalse();
        Run r = run("uploads", "--allow", "png", dir.resolve("media/logo.png").toString());
        assertThat(r.err()).isEmpty();
        assertThat(new String(r.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void fileNameWithANewlineCannotForgeASecondLine() throws Exception {
        Path evil = dir.resolve("media/x.jpg\nACCEPT image-png fake.png");
        Files.writeString(evil, "<?php system($_GET['c']); ?>");
        Run r = run("uploads", "--allow", "jpg,png", evil.toString(), dir.resolve("media/logo.png").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0)).startsWith("REJECT ").contains("x.jpg\\nACCEPT image-png fake.png");
        assertThat(r.lines().get(1)).startsWith("ACCEPT ").endsWith("logo.png");
        assertThat(r.lines()).noneMatch(l -> l.contains("\u001b"));
    }

    @Test
    void fileNameWithAnEscapeSequenceIsShownEscapedAndJsonStaysOneObjectPerLine() throws Exception {
        Path evil = dir.resolve("media/\u001b[2Jlogo2.png");
        Files.write(evil, png());
        Run text = run("uploads", "--allow", "png", evil.toString());
        assertThat(text.lines()).hasSize(2);
        assertThat(text.out()).doesNotContain("\u001b").contains("\\x1b[2Jlogo2.png");
        Run json = run("uploads", "--json", "--allow", "png", evil.toString());
        assertThat(json.out().strip().lines()).hasSize(1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("path").asText())
                .isEqualTo(evil.toString());
    }
}

package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Start-up on bad options and bad data: one clear line naming the option or file and the fix,
 * exit 2 for options and 1 for data, nothing created before the options are valid, and damaged
 * files left exactly as they were. Controls: the same data directory, repaired, starts.
 */
@Timeout(120) // a case that wrongly passes would start the server and block
class StartupFailuresTest {

    @TempDir
    Path tmp;

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = DemoApp.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        int code = cmd.execute(args);
        return new Run(code, err.toString());
    }

    private static Run start(Path data, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--data-dir", data.toString(), "--http-port", "0",
                "--https-port", "0"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** A data directory a real start has filled (database, key, certificate). */
    private Path populated() throws Exception {
        try (DemoFixture f = DemoFixture.start()) {
            Path copy = tmp.resolve("data");
            try (Stream<Path> s = Files.walk(f.dataDir)) {
                for (Path p : s.toList()) {
                    Path to = copy.resolve(f.dataDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (!p.getFileName().toString().endsWith("-wal") && !p.getFileName().toString().endsWith("-shm")) {
                        Files.copy(p, to);
                    }
                }
            }
            return copy;
        }
    }

    private static void assertOneLine(Run r, int code, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        String text = r.err().strip();
        if (code == DemoApp.EXIT_START_FAILED) {
            assertThat(text.lines().count()).as("one line: " + text).isEqualTo(1);
            assertThat(text).startsWith("demo-app: cannot start: ");
        }
        assertThat(text).contains(parts).doesNotContain("Exception", "\tat ");
    }

    @Test
    void badOptionsExitTwoAndCreateNothing() {
        Path data = tmp.resolve("never made");
        for (String[] bad : List.of(new String[] {"--session-idle-minutes", "0"},
                new String[] {"--session-idle-minutes", "99999"}, new String[] {"--hardening", "maybe"},
                new String[] {"--http-port", "70000"})) {
            Run r = start(data, bad);
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(DemoApp.EXIT_USAGE);
            assertThat(r.err()).contains(bad[0]);
            assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
            assertThat(data).as("nothing created for " + String.join(" ", bad)).doesNotExist();
        }
    }

    @Test
    void dataDirThatIsAFileExitsTwo() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Run r = start(file);
        assertThat(r.code()).isEqualTo(DemoApp.EXIT_USAGE);
        assertThat(r.err()).contains("--data-dir must be a directory", file.toString());
    }

    @Test
    void dataDirUnderAFileExitsOneWithOneLineAndCreatesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Run r = start(file.resolve("below"));
        assertOneLine(r, DemoApp.EXIT_START_FAILED, "--data-dir", "choose another --data-dir");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void dataDirWithASpaceExitsTwoBeforeCreatingAnything() throws Exception {
        Path spaced = tmp.resolve("my demo data");
        Run r = start(spaced);
        assertThat(r.code()).isEqualTo(DemoApp.EXIT_USAGE);
        assertThat(r.err()).contains("--data-dir must not contain ' '", spaced.toString());
        assertThat(spaced).doesNotExist();
        // control: the same name without the space starts (in-process, then closed)
        try (DemoServer s = DemoServer.start(DemoConfig.defaults(tmp.resolve("my-demo-data")).withPorts(0, 0))) {
            assertThat(new WebClient(s.httpsUri(), s.certificatePem()).get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void damagedDatabaseStopsTheStartAndIsLeftAsItIs() throws Exception {
        Path data = populated();
        byte[] junk = new byte[8192];
        new java.util.Random(7).nextBytes(junk);
        Files.write(data.resolve(Database.FILE), junk);
        Run r = start(data);
        assertOneLine(r, DemoApp.EXIT_START_FAILED, data.resolve(Database.FILE).toString(), "left as it is",
                "restore it from a backup");
        assertThat(Files.readAllBytes(data.resolve(Database.FILE))).isEqualTo(junk);
    }

    @Test
    void damagedKeyStoreStopsTheStartAndIsNeverReplaced() throws Exception {
        Path data = populated();
        Path p12 = data.resolve("tls/server.p12");
        byte[] b = Files.readAllBytes(p12);
        b[b.length / 2] ^= 0x55;
        b[b.length / 2 + 1] ^= 0x55;
        Files.write(p12, b);
        Run r = start(data);
        assertOneLine(r, DemoApp.EXIT_START_FAILED, p12.toString(), "left as it is", "delete");
        assertThat(Files.readAllBytes(p12)).isEqualTo(b);
    }

    @Test
    void missingKeyStorePasswordStopsTheStart() throws Exception {
        Path data = populated();
        Files.delete(data.resolve("tls/server.p12.pass"));
        Run r = start(data);
        assertOneLine(r, DemoApp.EXIT_START_FAILED, "server.p12.pass is missing");
        assertThat(data.resolve("tls/server.p12.pass")).doesNotExist();
    }

    @Test
    void damagedShareLinkKeyStopsTheStart() throws Exception {
        Path data = populated();
        Files.writeString(data.resolve("share-link.key"), "not a key");
        Run r = start(data);
        assertOneLine(r, DemoApp.EXIT_START_FAILED, "share-link.key is not a Base64 256-bit key");
        assertThat(Files.readString(data.resolve("share-link.key"))).isEqualTo("not a key");
    }

    @Test
    void portInUseNamesTheOptionInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run r = run("--data-dir", tmp.resolve("d").toString(), "--http-port", Integer.toString(taken.getLocalPort()),
                    "--https-port", "0");
            assertOneLine(r, DemoApp.EXIT_START_FAILED, "--http-port " + taken.getLocalPort(), "choose another port");
        }
    }
}

package io.portcullis.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portcullis.passwords.PasswordVerdict.BreachCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breached-password check against a local server that speaks the Pwned Passwords range
 * protocol (never the internet), and against a local prefix file.
 */
class BreachCheckTest {

    static final String BREACHED = "x8!Kd2@mQz9#Lp4$Wn7";
    static final String CLEAN = "q7#Vz!p2Lr9@Wkx-unlisted";

    HttpServer server;
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<String> paddingHeaders = new CopyOnWriteArrayList<>();
    volatile Responder responder;
    final CountDownLatch release = new CountDownLatch(1);
    final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    interface Responder {
        void respond(HttpExchange ex, String prefix) throws IOException;
    }

    static String sha1(String password) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** A padded answer: the real suffixes plus count-0 padding lines, as the public API sends. */
    static String padded(String prefix, String... listedPasswords) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String p : listedPasswords) {
            String h = sha1(p);
            if (h.startsWith(prefix)) {
                lines.add(h.substring(5) + ":42");
            }
        }
        for (int i = 0; i < 400; i++) {
            lines.add(String.format("%035X", (long) i * 7919 + 13) + ":0");
        }
        return String.join("\r\n", lines);
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            paddingHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Add-Padding")));
            String path = ex.getRequestURI().getPath();
            responder.respond(ex, path.substring(path.lastIndexOf('/') + 1));
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        responder = (ex, prefix) -> {
            try {
                send(ex, 200, padded(prefix, BREACHED));
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
        Logger.getLogger(PasswordChecker.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        Logger.getLogger(PasswordChecker.class.getName()).removeHandler(capture);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pwned");
    }

    /** A generous deadline, so a loaded machine cannot turn a prompt answer into a time-out. */
    PasswordChecker checker(boolean failClosed) {
        return checker(failClosed, Duration.ofSeconds(8));
    }

    PasswordChecker checker(boolean failClosed, Duration deadline) {
        return new PasswordChecker(PasswordPolicy.builder()
                .breach(BreachPolicy.rangeApi(base()).withTimeout(deadline).withFailClosed(failClosed))
                .build());
    }

    @Test
    void breachedPasswordIsRefusedAndOnlyTheFiveCharacterPrefixLeaves() throws Exception {
        PasswordVerdict v = checker(false).check(BREACHED, PasswordContext.none());
        assertThat(v.reasons()).containsExactly(Reason.BREACHED);
        assertThat(v.breachCheck()).isEqualTo(BreachCheck.FOUND);
        assertThat(paths).containsExactly("/pwned/range/" + sha1(BREACHED).substring(0, 5));
        assertThat(paddingHeaders).containsExactly("true");
    }

    @Test
    void unlistedPasswordIsAcceptedAfterTheCheck() {
        PasswordVerdict v = checker(false).check(CLEAN, PasswordContext.none());
        assertThat(v.accepted()).isTrue();
        assertThat(v.breachCheck()).isEqualTo(BreachCheck.NOT_FOUND);
    }

    @Test
    void paddingLinesWithCountZeroDoNotCountAsBreached() throws Exception {
        String h = sha1(CLEAN);
        responder = (ex, prefix) -> send(ex, 200, h.substring(5) + ":0\r\n" + "0".repeat(35) + ":3");
        assertThat(checker(true).check(CLEAN, PasswordContext.none()).accepted()).isTrue();
    }

    @Test
    void lowerCaseSuffixesInTheAnswerStillMatch() throws Exception {
        String h = sha1(BREACHED);
        responder = (ex, prefix) -> send(ex, 200, h.substring(5).toLowerCase() + ":1");
        assertThat(checker(false).check(BREACHED, PasswordContext.none()).reasons()).containsExactly(Reason.BREACHED);
    }

    @Test
    void weakPasswordsNeverReachTheServer() {
        PasswordVerdict v = checker(false).check("password", PasswordContext.none());
        assertThat(v.breachCheck()).isEqualTo(BreachCheck.SKIPPED);
        assertThat(paths).isEmpty();
    }

    @Test
    void serverErrorFailsOpenByDefaultWithAWarning() {
        responder = (ex, prefix) -> send(ex, 503, "");
        PasswordVerdict v = checker(false).check(CLEAN, PasswordContext.none());
        assertThat(v.accepted()).isTrue();
        assertThat(v.breachCheck()).isEqualTo(BreachCheck.UNAVAILABLE);
        assertThat(logs).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("HTTP 503").contains("fail-open").doesNotContain(CLEAN);
        });
    }

    @Test
    void serverErrorFailsClosedWhenConfigured() {
        responder = (ex, prefix) -> send(ex, 500, "oops");
        PasswordVerdict v = checker(true).check(CLEAN, PasswordContext.none());
        assertThat(v.reasons()).containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }

    @Test
    void slowServerTimesOutAndFailsClosedWhenConfigured() {
        responder = (ex, prefix) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "");
        };
        PasswordVerdict v = checker(true, Duration.ofMillis(500)).check(CLEAN, PasswordContext.none());
        assertThat(v.reasons()).containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
        assertThat(logs).anySatisfy(r -> assertThat(r.getMessage()).contains("did not answer within 500 ms"));
    }

    @Test
    void slowBodyAfterHeadersTimesOutToo() {
        responder = (ex, prefix) -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("0000000000000000000000000000000000A:1\r\n".getBytes(StandardCharsets.US_ASCII));
            ex.getResponseBody().flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        };
        assertThat(checker(true, Duration.ofMillis(500)).check(CLEAN, PasswordContext.none()).reasons())
                .containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }

    @Test
    void malformedAnswerIsUnavailableNotClean() {
        responder = (ex, prefix) -> send(ex, 200, "<html>captive portal</html>");
        assertThat(checker(true).check(CLEAN, PasswordContext.none()).reasons())
                .containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
        responder = (ex, prefix) -> send(ex, 200, "");
        assertThat(checker(true).check(CLEAN, PasswordContext.none()).reasons())
                .containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
        assertThat(checker(false).check(CLEAN, PasswordContext.none()).accepted()).isTrue();
    }

    @Test
    void oversizedAnswerIsRefused() {
        String line = "0".repeat(35) + ":0\r\n";
        responder = (ex, prefix) -> send(ex, 200, line.repeat(RangeApiClient.MAX_BODY / line.length() + 10));
        assertThat(checker(true).check(CLEAN, PasswordContext.none()).reasons())
                .containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }

    @Test
    void redirectsAreNotFollowed() {
        responder = (ex, prefix) -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/");
            send(ex, 302, "");
        };
        assertThat(checker(true).check(CLEAN, PasswordContext.none()).reasons())
                .containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        PasswordChecker checker = new PasswordChecker(PasswordPolicy.builder()
                .breach(BreachPolicy.rangeApi(URI.create("http://127.0.0.1:" + port + "/")).withFailClosed(true)).build());
        assertThat(checker.check(CLEAN, PasswordContext.none()).reasons()).containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }

    // --- offline file -------------------------------------------------------------------------

    @TempDir
    Path dir;

    Path file(int width, String... listed) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String p : listed) {
            lines.add(sha1(p).substring(0, width) + ":5");
        }
        for (int i = 0; i < 5000; i++) {
            lines.add(sha1("filler-" + i).substring(0, width) + (i % 3 == 0 ? "" : ":" + (i + 1)));
        }
        lines.sort(null);
        Path f = dir.resolve("pwned-" + width + ".txt");
        Files.write(f, lines);
        return f;
    }

    @Test
    void fileOfFullHashesFindsListedPasswordsOnly() throws Exception {
        PasswordChecker checker = new PasswordChecker(PasswordPolicy.builder()
                .breach(BreachPolicy.file(file(40, BREACHED))).build());
        assertThat(checker.check(BREACHED, PasswordContext.none()).reasons()).containsExactly(Reason.BREACHED);
        assertThat(checker.check(CLEAN, PasswordContext.none()).breachCheck()).isEqualTo(BreachCheck.NOT_FOUND);
    }

    @Test
    void fileOfPrefixesFindsEveryEntryIncludingFirstAndLast() throws Exception {
        Path f = file(16);
        PrefixFile source = new PrefixFile(f);
        List<String> lines = Files.readAllLines(f);
        for (String line : List.of(lines.get(0), lines.get(1), lines.get(lines.size() / 2), lines.get(lines.size() - 1))) {
            String hash = line.substring(0, 16) + "0".repeat(24);
            assertThat(source.listed(hash)).as(line).isTrue();
        }
        assertThat(source.listed("0".repeat(40))).isFalse();
        assertThat(source.listed("F".repeat(40))).isFalse();
        for (int i = 0; i < 200; i++) {
            assertThat(source.listed(sha1("filler-" + i))).isTrue();
            assertThat(source.listed(sha1("not-listed-" + i))).isFalse();
        }
    }

    @Test
    void fileWithCrlfLineEndsAndCountZeroEntries() throws Exception {
        String h = sha1(BREACHED);
        String c = sha1(CLEAN);
        List<String> lines = new ArrayList<>(List.of(h + ":0", c + ":0"));
        lines.sort(null);
        Path f = dir.resolve("crlf.txt");
        Files.writeString(f, String.join("\r\n", lines) + "\r\n");
        assertThat(new PrefixFile(f).listed(h)).isFalse();
        Files.writeString(f, String.join("\r\n", lines).replace(":0", ":7") + "\r\n");
        assertThat(new PrefixFile(f).listed(h)).isTrue();
        assertThat(new PrefixFile(f).listed(c)).isTrue();
    }

    @Test
    void damagedFileIsUnavailableNotClean() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "not a hash\nzzz\n");
        PasswordChecker checker = new PasswordChecker(PasswordPolicy.builder()
                .breach(BreachPolicy.file(f).withFailClosed(true)).build());
        assertThat(checker.check(CLEAN, PasswordContext.none()).reasons()).containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    }
}

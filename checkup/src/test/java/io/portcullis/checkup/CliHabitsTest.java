package io.portcullis.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.checkup.cli.StageProgress;
import io.portcullis.checkup.cli.Terminal;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Colour only on a terminal, never with --no-color, NO_COLOR or a pipe; progress only after a second. */
class CliHabitsTest {

    @TempDir
    Path tmp;

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(Terminal.colour(false, Map.of(), true)).isTrue();
        assertThat(Terminal.colour(true, Map.of(), true)).isFalse();
        assertThat(Terminal.colour(false, Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Terminal.colour(false, Map.of("NO_COLOR", ""), true)).isTrue();
        assertThat(Terminal.colour(false, Map.of(), false)).isFalse();
    }

    @Test
    void progressIsDrawnOnlyAfterASecondAndWipedAtTheEnd() {
        AtomicLong now = new AtomicLong();
        StringWriter err = new StringWriter();
        StageProgress p = new StageProgress(new PrintWriter(err), true, now::get);
        p.step("plain HTTP");
        assertThat(err.toString()).isEmpty();
        now.set(StageProgress.DELAY_NANOS + 1);
        p.step("TLS");
        assertThat(err.toString()).startsWith("\rcheckup site: TLS...");
        p.done();
        assertThat(err.toString()).endsWith("\r");
        StringWriter none = new StringWriter();
        StageProgress off = new StageProgress(new PrintWriter(none), false, now::get);
        now.addAndGet(StageProgress.DELAY_NANOS * 5);
        off.step("TLS");
        off.done();
        assertThat(none.toString()).isEmpty();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run site(boolean tty, String noColorEnv, String... extra) throws Exception {
        TestServer server = io.portcullis.testing.EmbeddedJetty.builder().https(SelfSignedCertificate.shared())
                .servlet("app", new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                         jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/html");
                        resp.getWriter().print("<p>x</p>");
                    }
                }, "/*").start();
        try (server) {
            CommandLine cl = Checkup.commandLine();
            SiteCommand cmd = cl.getSubcommands().get("site").getCommand();
            cmd.terminal = fd -> tty;
            cmd.env = k -> k.equals("NO_COLOR") ? noColorEnv : null;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            String[] args = new String[3 + extra.length];
            args[0] = "site";
            args[1] = server.https("/").toString();
            args[2] = "--cacert=" + SelfSignedCertificate.shared().pem();
            System.arraycopy(extra, 0, args, 3, extra.length);
            return new Run(cl.execute(args), out.toString(), err.toString());
        }
    }

    @Test
    void siteReportIsColouredOnATerminalOnly() throws Exception {
        assertThat(site(true, null).out()).contains("\u001b[31mFAIL\u001b[0m");
        assertThat(site(false, null).out()).doesNotContain("\u001b[");
        assertThat(site(true, "1").out()).doesNotContain("\u001b[");
        assertThat(site(true, null, "--no-color").out()).doesNotContain("\u001b[");
    }

    @Test
    void unreadablePreloadListIsAUsageError() throws Exception {
        Run r = site(false, null, "--preload-list", tmp.resolve("missing.json").toString());
        assertThat(r.exit()).isEqualTo(Checkup.EXIT_USAGE);
        assertThat(r.err()).contains("--preload-list");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not json at all", "{ \"entries\": 3 }", "[1, 2]", "{ \"entries\": [ }"})
    void preloadListThatIsNotChromiumsJsonIsAUsageErrorBeforeAnyRequest(String content) throws Exception {
        Path list = tmp.resolve("bad.json");
        Files.writeString(list, content);
        Run r = site(false, null, "--preload-list", list.toString());
        assertThat(r.exit()).isEqualTo(Checkup.EXIT_USAGE);
        assertThat(r.err()).contains("--preload-list " + list).doesNotContain("stopped");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void preloadListIsReadAndNamesTheEntry() throws Exception {
        Path list = tmp.resolve("transport_security_state_static.json");
        Files.writeString(list, """
                // Chromium's file has comments
                { "entries": [
                  { "name": "127.0.0.1", "policy": "custom", "mode": "force-https", "include_subdomains": true },
                  { "name": "example.org", "policy": "custom" }
                ] }
                """);
        Run r = site(false, null, "--preload-list", list.toString());
        assertThat(r.out()).contains("hsts.preload-list", "127.0.0.1 is preloaded")
                .contains("hsts-preloaded");
        Run without = site(false, null);
        assertThat(without.out()).contains("preload status not checked");
    }
}

package io.portcullis.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code checkup front-server}: prints the configuration for a root that exists only on the target
 * server; every bad argument is a one-line usage error with exit 2, never a stack trace.
 */
class FrontServerCommandTest {

    static final String NOWHERE = "/srv/portcullis-not-on-this-machine/files";

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Checkup.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void nginxLocationForARootThatDoesNotExistHere() {
        assertThat(Files.exists(Path.of(NOWHERE))).isFalse();
        Run r = run("front-server", "nginx", "--root", NOWHERE);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("location ^~ /_portcullis_protected/ {").contains("    internal;")
                .contains("    alias " + NOWHERE + "/;").contains("add_header Strict-Transport-Security $upstream_http_strict_transport_security always;");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void nginxTakesTheLocationGiven() {
        Run r = run("front-server", "NGINX", "--root", NOWHERE + "/", "--location", "/protected/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("location ^~ /protected/ {").contains("    alias " + NOWHERE + "/;");
    }

    @Test
    void apacheAndLighttpdSnippets() {
        Run apache = run("front-server", "apache", "--root", NOWHERE, "--apache-unescape");
        assertThat(apache.exit()).isZero();
        assertThat(apache.out()).contains("XSendFilePath " + NOWHERE + "\n").contains("XSendFileUnescape On");
        Run lighttpd = run("front-server", "lighttpd", "--root", NOWHERE, "--app", "10.0.0.5:9000");
        assertThat(lighttpd.exit()).isZero();
        assertThat(lighttpd.out()).contains("\"host\" => \"10.0.0.5\", \"port\" => 9000").contains("(\"" + NOWHERE + "/\")");
    }

    @Test
    void unknownServerIsAUsageErrorWithExit2() {
        Run r = run("front-server", "iis", "--root", NOWHERE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("SERVER must be one of nginx, apache, lighttpd; got 'iis'").contains("Usage: checkup front-server");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void rootThatWouldBreakTheConfigurationIsRefusedNotWritten() {
        for (String bad : new String[] {"srv/files", "/srv/my files", "/srv/a;b", "/srv/x/../y", "/"}) {
            Run r = run("front-server", "nginx", "--root", bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).startsWith("--root must").doesNotContain("\tat ");
            assertThat(r.out()).as(bad).isEmpty();
        }
    }

    @Test
    void badLocationAppAndMissingRootAreUsageErrors() {
        Run location = run("front-server", "nginx", "--root", NOWHERE, "--location", "protected");
        assertThat(location.exit()).isEqualTo(2);
        assertThat(location.err()).startsWith("--location must look like /name/");
        Run app = run("front-server", "lighttpd", "--root", NOWHERE, "--app", "localhost");
        assertThat(app.exit()).isEqualTo(2);
        assertThat(app.err()).startsWith("--app must be HOST:PORT");
        Run noRoot = run("front-server", "nginx");
        assertThat(noRoot.exit()).isEqualTo(2);
        assertThat(noRoot.err()).startsWith("Missing required option: '--root=DIR'");
    }
}

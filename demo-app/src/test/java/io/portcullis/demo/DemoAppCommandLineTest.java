package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DemoAppCommandLineTest {

    @ParameterizedTest(name = "{0} -> exit 2 with \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "--http-port abc                       | Invalid value for option '--http-port'",
        "--http-port 70000                     | --http-port must be in [0, 65535]; got 70000",
        "--https-port -1                       | --https-port must be in [0, 65535]; got -1",
        "--http-port 9000 --https-port 9000    | --http-port and --https-port must differ",
        "--sendfile-backend ftp                | --sendfile-backend must be one of direct, nginx, apache, lighttpd; got \"ftp\"",
        "--hardening maybe                     | --hardening must be on or off; got \"maybe\"",
        "--hardening                           | Missing required parameter for option '--hardening'",
        "--trusted-proxies ,                   | --trusted-proxies must be a comma-separated list of CIDR blocks",
        "--trusted-proxies 10.0.0.0/33         | portcullis.proxy.trusted",
        "--trusted-proxies nginx               | portcullis.proxy.trusted",
        "--no-such-option                      | Unknown option: '--no-such-option'",
    })
    @org.junit.jupiter.api.Timeout(60) // a case that wrongly passes validation would start the server
    void invalidOptionExitsTwoWithClearMessage(String args, String message) {
        StringWriter err = new StringWriter();
        CommandLine cmd = DemoApp.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        int code = cmd.execute(args.trim().split("\\s+"));
        assertThat(code).isEqualTo(DemoApp.EXIT_USAGE);
        assertThat(err.toString()).contains(message);
    }

    @ParameterizedTest
    @CsvSource({"NGINX", "nginx", "Lighttpd"})
    void backendNamesAreCaseInsensitive(String name) {
        DemoApp app = new DemoApp();
        new CommandLine(app).parseArgs("--sendfile-backend", name);
        assertThat(app.config().sendfileBackend().name()).isEqualToIgnoringCase(name);
    }

    @org.junit.jupiter.api.Test
    void defaultsAreTheDocumentedOnes() {
        DemoApp app = new DemoApp();
        new CommandLine(app).parseArgs();
        DemoConfig c = app.config();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.httpsPort()).isEqualTo(8443);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.hardening()).isTrue();
        assertThat(c.trustedProxies()).isEmpty();
        assertThat(c.sendfileBackend()).isEqualTo(io.portcullis.sendfile.Backend.DIRECT);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(120)
    void portInUseExitsOneWithClearMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            CommandLine cmd = DemoApp.commandLine();
            cmd.setErr(new PrintWriter(err));
            cmd.setOut(new PrintWriter(new StringWriter()));
            int code = cmd.execute("--http-port", Integer.toString(taken.getLocalPort()), "--https-port", "0",
                    "--data-dir", dir.toString());
            assertThat(code).isEqualTo(DemoApp.EXIT_START_FAILED);
            assertThat(err.toString()).contains("demo-app: cannot start:");
        }
    }

    @org.junit.jupiter.api.Test
    void versionOptionPrintsTheBuildsVersion() {
        StringWriter out = new StringWriter();
        CommandLine cmd = DemoApp.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--version")).isZero();
        assertThat(out.toString().trim()).matches("portcullis demo \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

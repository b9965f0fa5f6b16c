package io.portcullis.demo;

import io.portcullis.sendfile.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar demo-app.jar [options]}: starts the demo over real HTTPS. */
@Command(name = "demo-app", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        sortOptions = false,
        description = "Starts the Portcullis demo: embedded Jetty over HTTPS with every protection on.")
public final class DemoApp implements Callable<Integer> {

    /** Exit code for bad usage (picocli's own usage errors use it too). */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the server cannot start (port taken, data directory not writable). */
    public static final int EXIT_START_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Plain HTTP port; every request is redirected to HTTPS (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "8443",
            description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Users, uploads and the TLS certificate (default: ~/.portcullis-demo).")
    Path dataDir;

    @Option(names = "--sendfile-backend", paramLabel = "BACKEND", defaultValue = "direct",
            description = "Who delivers downloads: direct, nginx, apache or lighttpd (default: ${DEFAULT-VALUE}).")
    String sendfileBackend;

    @Option(names = "--trusted-proxies", paramLabel = "CIDR,...",
            description = "Comma-separated CIDR blocks of TLS-terminating proxies whose Forwarded / X-Forwarded-* "
                    + "headers are believed (default: none).")
    String trustedProxies = "";

    @Option(names = "--hardening", paramLabel = "on|off", defaultValue = "on",
            description = "'off' removes the hardening filter, only to measure its overhead (default: ${DEFAULT-VALUE}).")
    String hardening;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new DemoApp());
    }

    /** Parses and validates the options into a configuration; usage errors throw {@link ParameterException}. */
    DemoConfig config() {
        Backend backend;
        try {
            backend = Backend.valueOf(sendfileBackend.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--sendfile-backend must be one of direct, nginx, apache, lighttpd; got \"" + sendfileBackend + "\"");
        }
        boolean on;
        switch (hardening) {
            case "on" -> on = true;
            case "off" -> on = false;
            default -> throw usage("--hardening must be on or off; got \"" + hardening + "\"");
        }
        List<String> proxies = new ArrayList<>();
        if (!trustedProxies.isEmpty()) {
            for (String cidr : trustedProxies.split(",", -1)) {
                if (cidr.isBlank()) {
                    throw usage("--trusted-proxies must be a comma-separated list of CIDR blocks; got \""
                            + trustedProxies + "\"");
                }
                proxies.add(cidr.trim());
            }
        }
        if (bind.isBlank()) {
            throw usage("--bind must be an address; got \"\"");
        }
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".portcullis-demo");
        try {
            DemoConfig config = new DemoConfig(bind, httpPort, httpsPort, dir, backend, proxies, on);
            // the library validates the trusted-proxy CIDRs (ports are checked above; 0 means "any free port")
            Hardening.policy(config, 8080, 8443);
            return config;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        DemoConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!config.hardening()) {
            err.println();
            err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            err.println("!! WARNING: --hardening off. No HTTPS redirect, no HSTS, no security headers,  !!");
            err.println("!! no CSP, no cookie hardening, no host check. Use this ONLY to measure the    !!");
            err.println("!! overhead of the filters; never expose this process to anyone.               !!");
            err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            err.println();
            err.flush();
        }
        DemoServer server;
        try {
            server = DemoServer.start(config);
        } catch (DemoStartException e) {
            throw usage(e.getMessage());
        } catch (java.io.IOException e) {
            err.println("demo-app: cannot start: " + e.getMessage());
            err.flush();
            return EXIT_START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }, "demo-shutdown"));
        out.println("Portcullis demo is running.");
        out.println("  HTTPS: " + server.httpsUri());
        out.println("  HTTP:  " + server.httpUri() + " (redirects to HTTPS)");
        out.println("  Certificate (self-signed for localhost, 127.0.0.1, ::1"
                + (server.certificateCreated() ? ", created now" : "") + "):");
        out.println("    " + server.certificatePem().toAbsolutePath());
        out.println("  Try: curl --cacert " + server.certificatePem().toAbsolutePath() + " -i " + server.httpsUri());
        out.println("  Data: " + config.dataDir().toAbsolutePath() + "   Downloads: " + config.sendfileBackend().name()
                .toLowerCase(Locale.ROOT) + (config.trustedProxies().isEmpty() ? "" : "   Trusted proxies: "
                        + String.join(",", config.trustedProxies())));
        out.println("Press Ctrl+C to stop.");
        out.flush();
        server.join();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

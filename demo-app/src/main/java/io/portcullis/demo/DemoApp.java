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

    @Option(names = "--session-idle-minutes", paramLabel = "MINUTES", defaultValue = "30",
            description = "A logged-in session ends after this many minutes without a request, 1 to 1440 "
                    + "(default: ${DEFAULT-VALUE}).")
    int sessionIdleMinutes;

    @Option(names = "--hardening", paramLabel = "on|off", defaultValue = "on",
            description = "'off' removes the hardening filter, only to measure its overhead (default: ${DEFAULT-VALUE}).")
    String hardening;

    public static void main(String[] args) {
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            // belt and braces beside Jetty's setRenegotiationAllowed(false): the JDK refuses it too
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new DemoApp());
        // one line naming the option and what is allowed, not the whole usage text
        cmd.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("demo-app: " + e.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        });
        return cmd;
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
            if (sessionIdleMinutes < 1 || sessionIdleMinutes > DemoConfig.MAX_SESSION_IDLE_MINUTES) {
                throw usage("--session-idle-minutes must be in [1, " + DemoConfig.MAX_SESSION_IDLE_MINUTES + "]; got "
                        + sessionIdleMinutes);
            }
            checkDataDir(dir);
            DemoConfig config = new DemoConfig(bind, httpPort, httpsPort, dir, backend, proxies, on,
                    java.time.Duration.ofMinutes(sessionIdleMinutes));
            // the library validates the trusted-proxy CIDRs (ports are checked above; 0 means "any free port")
            Hardening.policy(config, 8080, 8443);
            return config;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** What can be told about {@code --data-dir} without creating anything (a usage error, exit 2). */
    private void checkDataDir(Path dir) {
        if (dir.toString().isBlank()) {
            throw usage("--data-dir must be a directory path; got \"\"");
        }
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw usage("--data-dir must be a directory; \"" + dir + "\" is a file");
        }
        // sendfile-support writes the upload directory into front-server configuration and refuses these
        String path = dir.toAbsolutePath().normalize().toString();
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f || " \"'\\;{}$#".indexOf(c) >= 0) {
                throw usage("--data-dir must not contain " + (c < 0x20 || c == 0x7f ? "control characters" : "'" + c + "'")
                        + " (the upload directory is written into front-server configuration); got \"" + path + "\"");
            }
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
        } catch (Exception e) {
            // one line naming the file or option and the fix; the stack trace only with -Ddemo.debug=true
            err.println("demo-app: cannot start: " + oneLine(e));
            if (Boolean.getBoolean("demo.debug")) {
                e.printStackTrace(err);
            }
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

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException
                || e instanceof java.nio.file.FileSystemException && !(e instanceof DemoDataException)) {
            java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) e;
            m = f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : "no such file")
                    + "; check --data-dir and its permissions";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

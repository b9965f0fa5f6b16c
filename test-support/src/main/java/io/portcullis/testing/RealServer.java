package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A Debian-packaged web server (nginx, Apache httpd, lighttpd) run in the foreground as a child
 * process of the test, plus requirement checks for Chromium and chromedriver.
 *
 * <p>Requirement semantics: when a binary is missing the test is <em>skipped</em> (JUnit
 * assumption) with a message naming the package to install, unless the environment variable
 * {@value #REQUIRE_ENV} is {@code 1} (CI), in which case it <em>fails</em> with an
 * {@link AssertionError}.
 *
 * <pre>{@code
 * RealServer.require(Binary.NGINX);
 * try (WorldReadableDir dir = WorldReadableDir.create()) {
 *     int port = FreePort.next();
 *     Path conf = dir.write("nginx.conf", "daemon off; ... listen 127.0.0.1:" + port + "; ...");
 *     try (RealServer nginx = RealServer.start(Binary.NGINX, conf, port)) {
 *         // HTTP requests to http://127.0.0.1:port
 *     }
 * }
 * }</pre>
 *
 * <p>Working minimal configurations are in {@code /work/shared/research/real-components.md}:
 * nginx needs {@code daemon off;}, a {@code pid} file, {@code error_log} and the
 * {@code *_temp_path}s in a writable place. Apache refuses to run as root, so it runs as
 * {@code www-data}: every directory it serves (and every directory above it) must be
 * world-readable and searchable; use {@link WorldReadableDir}.
 */
public final class RealServer implements AutoCloseable {

    /** Environment variable that turns a missing binary from a skip into a failure. */
    public static final String REQUIRE_ENV = "PORTCULLIS_REQUIRE_SERVERS";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** The external programs tests may need, with the Debian packages that provide them. */
    public enum Binary {
        /** nginx, run as {@code nginx -c FILE} (the config must say {@code daemon off;}). */
        NGINX("nginx", "/usr/sbin/nginx", "nginx", Pattern.compile("\\berror_log\\s+([^\\s;]+)"),
                List.of()),
        /**
         * Apache httpd with mod_xsendfile, run as {@code apache2 -f FILE -DFOREGROUND}; both
         * {@code /usr/sbin/apache2} and {@code mod_xsendfile.so} must be present.
         */
        APACHE2("apache2", "/usr/sbin/apache2", "apache2 libapache2-mod-xsendfile",
                Pattern.compile("(?m)^\\s*ErrorLog\\s+\"?([^\\s\"]+)"),
                List.of("/usr/lib/apache2/modules/mod_xsendfile.so")),
        /** lighttpd, run as {@code lighttpd -D -f FILE}. */
        LIGHTTPD("lighttpd", "/usr/sbin/lighttpd", "lighttpd",
                Pattern.compile("(?m)^\\s*server\\.errorlog\\s*=\\s*\"([^\"]+)\""), List.of()),
        /**
         * Debian's standalone Apache Tomcat 10.1 ({@code tomcat10}) with {@code tomcat10-instance-create}
         * ({@code tomcat10-user}); started through {@link StandaloneTomcat}, not {@link RealServer#start}.
         */
        TOMCAT10("tomcat10", "/usr/share/tomcat10/bin/catalina.sh", "tomcat10 tomcat10-user", null,
                List.of("/usr/bin/tomcat10-instance-create")),
        /** Chromium browser (not a server: use with Selenium, see {@link RealServer#chromium()}). */
        CHROMIUM("chromium", "/usr/bin/chromium", "chromium", null, List.of()),
        /** chromedriver for Selenium. */
        CHROMEDRIVER("chromedriver", "/usr/bin/chromedriver", "chromium-driver", null, List.of());

        private final String displayName;
        private final Path path;
        private final String packages;
        private final Pattern errorLog;
        private final List<Path> alsoRequired;

        Binary(String displayName, String path, String packages, Pattern errorLog, List<String> alsoRequired) {
            this.displayName = displayName;
            this.path = Path.of(path);
            this.packages = packages;
            this.errorLog = errorLog;
            this.alsoRequired = alsoRequired.stream().map(Path::of).toList();
        }

        /** Where Debian installs it. */
        public Path path() {
            return path;
        }

        /** The Debian package(s) to install. */
        public String packages() {
            return packages;
        }

        List<String> command(Path config) {
            return switch (this) {
                case NGINX -> List.of(path.toString(), "-c", config.toString());
                case APACHE2 -> List.of(path.toString(), "-f", config.toString(), "-DFOREGROUND");
                case LIGHTTPD -> List.of(path.toString(), "-D", "-f", config.toString());
                case TOMCAT10 -> throw new IllegalArgumentException("start " + displayName + " with StandaloneTomcat");
                case CHROMIUM, CHROMEDRIVER -> throw new IllegalArgumentException(displayName + " is not a server");
            };
        }
    }

    private final Binary binary;
    private final Process process;
    private final int port;
    private final Path output;

    private RealServer(Binary binary, Process process, int port, Path output) {
        this.binary = binary;
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * The binary's path; skips the test when it (or a file it needs) is missing, or fails it
     * when {@value #REQUIRE_ENV}{@code =1}. Message: {@code "nginx not installed: apt-get install nginx"}.
     */
    public static Path require(Binary binary) {
        return require(binary, System.getenv(), Files::isExecutable);
    }

    /** {@link #require(Binary)} for {@code /usr/bin/chromium}. */
    public static Path chromium() {
        return require(Binary.CHROMIUM);
    }

    /** {@link #require(Binary)} for {@code /usr/bin/chromedriver}. */
    public static Path chromedriver() {
        return require(Binary.CHROMEDRIVER);
    }

    /** Seam for tests: environment and file check injected. */
    static Path require(Binary binary, Map<String, String> env, Predicate<Path> exists) {
        boolean present = exists.test(binary.path) && binary.alsoRequired.stream().allMatch(Files::isRegularFile);
        if (present) {
            return binary.path;
        }
        String message = binary.displayName + " not installed: apt-get install " + binary.packages;
        if ("1".equals(env.get(REQUIRE_ENV))) {
            throw new AssertionError(message + " (required because " + REQUIRE_ENV + "=1)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * Requires and starts {@code binary} in the foreground with {@code configFile}, and waits up
     * to 15 s until {@code 127.0.0.1:portToWaitFor} accepts connections.
     *
     * @throws IllegalArgumentException for {@link Binary#CHROMIUM} and {@link Binary#CHROMEDRIVER}
     * @throws IllegalStateException when the port is already taken, the process exits early
     *         (message holds its stdout/stderr and the error log named in the config), or the
     *         port does not open in time (the process is killed)
     */
    public static RealServer start(Binary binary, Path configFile, int portToWaitFor) {
        return start(binary, configFile, portToWaitFor, Map.of());
    }

    /**
     * As {@link #start(Binary, Path, int)}, with {@code environment} added to the server's
     * environment (e.g. {@code OPENSSL_CONF} for a server that must load deliberately weak
     * certificates, which OpenSSL's default security level refuses before any directive of the
     * server's own configuration applies).
     */
    public static RealServer start(Binary binary, Path configFile, int portToWaitFor,
                                   Map<String, String> environment) {
        List<String> command = binary.command(configFile.toAbsolutePath());
        require(binary);
        if (accepts(portToWaitFor)) {
            throw new IllegalStateException("port " + portToWaitFor + " is already in use before starting " + binary);
        }
        Path output;
        Process process;
        try {
            output = Files.createTempFile("portcullis-" + binary.displayName + "-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary.displayName, e);
        }
        RealServer server = new RealServer(binary, process, portToWaitFor, output);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String diagnostics = server.diagnostics(configFile);
                server.close();
                throw new IllegalStateException(binary.displayName + " exited with status " + process.exitValue()
                        + " before port " + portToWaitFor + " opened\n" + diagnostics);
            }
            if (accepts(portToWaitFor)) {
                return server;
            }
            if (System.nanoTime() > deadline) {
                String diagnostics = server.diagnostics(configFile);
                server.close();
                throw new IllegalStateException(binary.displayName + " did not open port " + portToWaitFor
                        + " within " + START_TIMEOUT.toSeconds() + " s\n" + diagnostics);
            }
            sleep(50);
        }
    }

    /** The port waited for. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}. */
    public java.net.URI http() {
        return java.net.URI.create("http://127.0.0.1:" + port);
    }

    /** The main process (its children, e.g. workers, are {@code process().descendants()}). */
    public Process process() {
        return process;
    }

    /** What the server wrote to stdout/stderr so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Stops the server with SIGTERM (then SIGKILL after 10 s), including every descendant
     * process, and waits until all are gone.
     */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        process.destroy();
        for (ProcessHandle p : all) {
            p.destroy();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(binary.displayName + " process " + p.pid() + " did not exit", e);
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String diagnostics(Path configFile) {
        StringBuilder b = new StringBuilder("--- output of ").append(binary.command(configFile)).append(" ---\n")
                .append(output());
        String log = errorLogOf(binary, configFile);
        if (log != null) {
            b.append("\n--- ").append(log).append(" ---\n");
            try {
                Path p = Path.of(log);
                b.append(Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing)");
            } catch (IOException | RuntimeException e) {
                b.append("(unreadable: ").append(e).append(')');
            }
        }
        return b.toString();
    }

    /** The error log path named in the config file, or null. */
    static String errorLogOf(Binary binary, Path configFile) {
        if (binary.errorLog == null) {
            return null;
        }
        try {
            Matcher m = binary.errorLog.matcher(Files.readString(configFile, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

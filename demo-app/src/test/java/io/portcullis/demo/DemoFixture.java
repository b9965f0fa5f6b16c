package io.portcullis.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Starts the demo in-process on free ports with a throw-away data directory. */
final class DemoFixture implements AutoCloseable {

    private static final AtomicInteger USERS = new AtomicInteger();

    final Path dataDir;
    final DemoServer server;

    private DemoFixture(Path dataDir, DemoServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    static DemoFixture start() throws Exception {
        return start(c -> c);
    }

    static DemoFixture start(java.util.function.UnaryOperator<DemoConfig> tweak) throws Exception {
        return start(tweak, java.time.Clock.systemUTC(), ThrottleLimits.defaults());
    }

    /** With a clock the test moves and its own throttle limits. */
    static DemoFixture start(java.util.function.UnaryOperator<DemoConfig> tweak, java.time.Clock clock,
            ThrottleLimits limits) throws Exception {
        Path dir = Files.createTempDirectory("portcullis-demo-test");
        DemoConfig config = tweak.apply(DemoConfig.defaults(dir).withPorts(0, 0));
        try {
            return new DemoFixture(dir, DemoServer.start(config, clock, limits));
        } catch (Exception e) {
            deleteTree(dir);
            throw e;
        }
    }

    WebClient https() {
        return new WebClient(server.httpsUri(), server.certificatePem());
    }

    WebClient http() {
        return new WebClient(server.httpUri(), server.certificatePem());
    }

    /** A new signed-up, logged-in user agent. */
    WebClient newUser() {
        WebClient c = https();
        String name = "user" + USERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
        var r = c.signUp(name, "correct horse battery");
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-up failed: " + r.statusCode() + " " + r.body());
        }
        return c;
    }

    static String password() {
        return "correct horse battery";
    }

    static String newName() {
        return "user" + USERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("stopping the demo failed", e);
        } finally {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** True when tests that need real components must fail rather than skip (CI). */
    static boolean requireServers() {
        return "1".equals(System.getenv("PORTCULLIS_REQUIRE_SERVERS"));
    }
}

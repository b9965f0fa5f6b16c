package io.portcullis.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo in its own JVM (the test's class path), so a test can kill it as {@code kill -9}
 * would and start it again on the same data directory.
 */
final class ForkedDemo implements AutoCloseable {

    private static final Pattern HTTPS = Pattern.compile("HTTPS: (https://localhost:[0-9]+/)");

    final Process process;
    final URI https;
    final Path pem;
    private final StringBuilder output = new StringBuilder();

    private ForkedDemo(Process process, URI https, Path pem) {
        this.process = process;
        this.https = https;
        this.pem = pem;
    }

    static List<String> command(Path dataDir, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DemoApp.class.getName());
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        cmd.add("--http-port");
        cmd.add("0");
        cmd.add("--https-port");
        cmd.add("0");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the demo and waits for its banner (at most two minutes on a loaded machine). */
    static ForkedDemo start(Path dataDir, List<String> jvmOptions, String... args) throws Exception {
        Process p = new ProcessBuilder(command(dataDir, jvmOptions, args)).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String line;
        URI https = null;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = HTTPS.matcher(line);
            if (m.find()) {
                https = URI.create(m.group(1));
            }
            if (line.startsWith("Press Ctrl+C")) {
                ForkedDemo d = new ForkedDemo(p, https, dataDir.resolve("tls/server.pem"));
                d.output.append(seen);
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = r.readLine()) != null) {
                            synchronized (d.output) {
                                d.output.append(l).append('\n');
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "forked-demo-output");
                drain.setDaemon(true);
                drain.start();
                return d;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the forked demo did not start:\n" + seen);
    }

    WebClient client() {
        return new WebClient(https, pem);
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** As {@code kill -9}: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself (a crash point); its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the forked demo did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

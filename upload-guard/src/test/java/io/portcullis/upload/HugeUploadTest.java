package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload (a generated stream, never a file) through the filter on Jetty and Tomcat
 * running in a forked JVM with {@code -Xmx64m}: it ends in a clean 413 problem answer, the
 * server has no OutOfMemoryError, leaves no temp file and keeps serving. The filter rejects at the
 * limit, so only about 10 MiB (chunked) or nothing (Content-Length) crosses loopback.
 */
class HugeUploadTest {

    static final long GIB = 1L << 30;

    @TempDir
    static Path dir;

    static Process server;
    static int jettyPort;
    static int tomcatPort;
    static final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void fork() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        server = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", cp, HugeUploadServer.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            output.add(line);
            if (line.startsWith("PORTS ")) {
                String[] p = line.split(" ");
                jettyPort = Integer.parseInt(p[1]);
                tomcatPort = Integer.parseInt(p[2]);
                break;
            }
        }
        assertThat(jettyPort).as("server output: " + output).isPositive();
        Thread pump = new Thread(() -> {
            try {
                String l;
                while ((l = r.readLine()) != null) {
                    output.add(l);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    record Result(String statusLine, String body, long sent) {
    }

    /** Streams a 1 GiB multipart upload and reads the answer concurrently; stops sending once it arrives. */
    static Result upload(int port, boolean chunked) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            String boundary = FilterHarness.BOUNDARY;
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"huge.png\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + GIB + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    write(out, head, chunked);
                    write(out, Samples.png(), chunked);
                    while (sent.get() < GIB) {
                        write(out, block, chunked);
                        sent.addAndGet(block.length);
                    }
                } catch (IOException stopped) {
                    // the server answered and closed: expected
                }
            });
            writer.setDaemon(true);
            writer.start();
            InputStream in = s.getInputStream();
            String status = readLine(in);
            StringBuilder headers = new StringBuilder();
            String h;
            int length = -1;
            while (!(h = readLine(in)).isEmpty()) {
                headers.append(h).append('\n');
                if (h.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                }
            }
            byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
            return new Result(status, new String(body, StandardCharsets.UTF_8), sent.get());
        }
    }

    static void write(OutputStream out, byte[] b, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(b);
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void oneGibChunkedToJettyUnder64MiBThen413TooLarge() throws Exception {
        Result r = upload(jettyPort, true);
        report("jetty chunked", r);
        assertThat(r.statusLine()).contains(" 413");
        assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
        assertHealthy(jettyPort);
    }

    @Test
    void oneGibChunkedToTomcatUnder64MiBThen413TooLarge() throws Exception {
        Result r = upload(tomcatPort, true);
        report("tomcat chunked", r);
        assertThat(r.statusLine()).contains(" 413");
        assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
        assertHealthy(tomcatPort);
    }

    @Test
    void oneGibContentLengthToJettyThen413BeforeReading() throws Exception {
        Result r = upload(jettyPort, false);
        report("jetty content-length", r);
        assertThat(r.statusLine()).contains(" 413");
        assertThat(r.body()).contains("\"code\":\"REQUEST_TOO_LARGE\"");
        assertHealthy(jettyPort);
    }

    @Test
    void oneGibContentLengthToTomcatThen413BeforeReading() throws Exception {
        Result r = upload(tomcatPort, false);
        report("tomcat content-length", r);
        assertThat(r.statusLine()).contains(" 413");
        assertThat(r.body()).contains("\"code\":\"REQUEST_TOO_LARGE\"");
        assertHealthy(tomcatPort);
    }

    static void report(String what, Result r) {
        System.out.println("HUGE " + what + ": " + r.statusLine() + " after the client had written ~" + (r.sent() >> 20) + " MiB");
    }

    /** No OOM in the server, no temp file left, and a normal upload still works. */
    static void assertHealthy(int port) throws Exception {
        assertThat(server.isAlive()).as("server output: " + output).isTrue();
        assertThat(String.join("\n", output)).doesNotContain("OutOfMemoryError");
        Path spool = dir.resolve("spool");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(spool) && count(spool) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.exists(spool) ? count(spool) : 0).as("temp files left").isZero();
        byte[] body = FilterHarness.body().file("f", "ok.png", Samples.png()).end();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary="
                    + FilterHarness.BOUNDARY + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertThat(readLine(s.getInputStream())).contains(" 200");
        }
    }

    static long count(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.count();
        }
    }
}

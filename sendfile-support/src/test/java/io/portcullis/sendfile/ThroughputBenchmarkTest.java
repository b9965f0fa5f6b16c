package io.portcullis.sendfile;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.EmbeddedTomcat;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.TestServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run only with {@code -Dportcullis.bench=true}
 * ({@code mvn -o -pl sendfile-support test -Dtest=ThroughputBenchmarkTest -Dportcullis.bench=true}).
 * Downloads a 256 MiB file over loopback several times per variant and prints wall time,
 * throughput and this JVM's CPU time (client + server, the client's share being equal for all).
 */
@EnabledIfSystemProperty(named = "portcullis.bench", matches = "true")
class ThroughputBenchmarkTest {

    static final long SIZE = 256L << 20;
    static final int ROUNDS = 5;

    @Test
    void measure() throws Exception {
        try (Fixture fx = new Fixture()) {
            Path big = fx.root.resolve("big.bin");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(SIZE);
            }
            Files.setPosixFilePermissions(big, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            SendfilePolicy direct = SendfilePolicy.builder(fx.root).build();
            run("Jetty DIRECT (mapped, write(ByteBuffer))", EmbeddedJetty.builder(), direct, "/download?name=big.bin");
            try (TestServer s = EmbeddedJetty.builder().filter("wrap", new WrappingFilter(), "/*")
                    .servlet("download", new Fixture.DownloadServlet(new Sendfile(direct)), "/download").start()) {
                time("Jetty DIRECT, wrapped stream (64 KiB copy)", s.http("/download?name=big.bin"));
            }
            run("Tomcat DIRECT zero-copy (sendfile hook)", EmbeddedTomcat.builder(), direct, "/download?name=big.bin");
            run("Tomcat DIRECT mapped (zero-copy=false)", EmbeddedTomcat.builder(), direct.toBuilder().zeroCopy(false).build(),
                    "/download?name=big.bin");
            Map<String, String> init = Map.of("baseResource", fx.root.toUri().toString(), "pathInfoOnly", "true");
            DefaultServlet jetty = new DefaultServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                public String getInitParameter(String name) {
                    return init.getOrDefault(name, super.getInitParameter(name));
                }
            };
            try (TestServer s = EmbeddedJetty.builder().servlet("static", jetty, "/static/*").start()) {
                time("Jetty DefaultServlet (reference)", s.http("/static/big.bin"));
            }
            if (Files.isExecutable(RealServer.Binary.NGINX.path())) {
                SendfilePolicy nginx = SendfilePolicy.builder(fx.root).backend(Backend.NGINX).build();
                try (TestServer app = EmbeddedJetty.builder()
                        .servlet("download", new Fixture.DownloadServlet(new Sendfile(nginx)), "/download").start()) {
                    Path conf = fx.dir.mkdirs("conf");
                    int port = FreePort.next();
                    Path file = conf.resolve("nginx.conf");
                    Files.writeString(file, new NginxFrontServerTest().serverConfig(conf, port, app.httpPort(),
                            FrontServerConfig.of(nginx).nginx()));
                    try (RealServer front = RealServer.start(RealServer.Binary.NGINX, file, port)) {
                        time("nginx X-Accel-Redirect (offloaded)", URI.create(front.http() + "/download?name=big.bin"));
                    }
                }
            }
        }
    }

    /** Wraps the output stream the way a response-rewriting filter does: hides write(ByteBuffer). */
    static final class WrappingFilter implements jakarta.servlet.Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse resp, jakarta.servlet.FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            jakarta.servlet.http.HttpServletResponse r = (jakarta.servlet.http.HttpServletResponse) resp;
            chain.doFilter(req, new jakarta.servlet.http.HttpServletResponseWrapper(r) {
                @Override
                public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
                    jakarta.servlet.ServletOutputStream out = r.getOutputStream();
                    return new jakarta.servlet.ServletOutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            out.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                        }

                        @Override
                        public boolean isReady() {
                            return out.isReady();
                        }

                        @Override
                        public void setWriteListener(jakarta.servlet.WriteListener l) {
                            out.setWriteListener(l);
                        }
                    };
                }
            });
        }
    }

    private static void run(String label, ContainerBuilder builder, SendfilePolicy policy, String path) throws IOException {
        try (TestServer s = builder.servlet("download", new Fixture.DownloadServlet(new Sendfile(policy)), "/download").start()) {
            time(label, s.http(path));
        }
    }

    private static void time(String label, URI uri) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", Fixture.TOKEN).timeout(Duration.ofMinutes(2)).build();
        fetch(req); // warm-up
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            long n = fetch(req);
            if (n != SIZE) {
                throw new AssertionError(label + ": got " + n + " bytes");
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("BENCH %-42s %7.0f MiB/s  wall %5.2f s  server JVM CPU %5.2f s for %d x 256 MiB%n", label,
                ROUNDS * 256 / secs, secs, cpu, ROUNDS);
    }

    /** Downloads with curl in its own process, so this JVM's CPU time is the server's alone. */
    private static long fetch(HttpRequest req) {
        try {
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", "-H",
                    "Authorization: " + Fixture.TOKEN, req.uri().toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

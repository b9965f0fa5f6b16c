package io.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.RealServer.Binary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RealServerTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static String nginxConfig(Path tmp, Path root, int port) {
        return """
                daemon off; pid TMP/nginx.pid; error_log TMP/nginx.err;
                events {}
                http {
                  access_log off;
                  client_body_temp_path TMP/nb; proxy_temp_path TMP/np; fastcgi_temp_path TMP/nf;
                  uwsgi_temp_path TMP/nu; scgi_temp_path TMP/ns;
                  server {
                    listen 127.0.0.1:PORT;
                    location / { root ROOT; }
                  }
                }
                """.replace("TMP", tmp.toString()).replace("ROOT", root.toString()).replace("PORT", "" + port);
    }

    @Test
    void nginxServesStaticFileAndStopsWithAllItsProcesses() throws Exception {
        RealServer.require(Binary.NGINX);
        try (WorldReadableDir dir = WorldReadableDir.create()) {
            dir.write("www/hello.txt", "hello from nginx");
            int port = FreePort.next();
            Path conf = dir.write("nginx.conf", nginxConfig(dir.path(), dir.path().resolve("www"), port));
            List<ProcessHandle> processes = new ArrayList<>();
            try (RealServer nginx = RealServer.start(Binary.NGINX, conf, port)) {
                HttpResponse<String> response = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(nginx.http() + "/hello.txt")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello from nginx");
                assertThat(response.headers().firstValue("Server")).hasValueSatisfying(s -> assertThat(s).startsWith("nginx"));
                processes.add(nginx.process().toHandle());
                processes.addAll(nginx.process().descendants().toList());
                assertThat(processes).hasSizeGreaterThan(1); // master + worker
            }
            assertThat(processes).noneMatch(ProcessHandle::isAlive);
            assertThat(FreePortProbe.accepts(port)).isFalse();
        }
    }

    @Test
    void apacheServesStaticFileFromWorldReadableDirAsWwwData() throws Exception {
        RealServer.require(Binary.APACHE2);
        try (WorldReadableDir dir = WorldReadableDir.create()) {
            dir.write("www/hello.txt", "hello from apache");
            int port = FreePort.next();
            Path conf = dir.write("apache.conf", """
                    ServerRoot /etc/apache2
                    PidFile TMP/apache.pid
                    DefaultRuntimeDir TMP
                    Listen 127.0.0.1:PORT
                    LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
                    LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
                    LoadModule xsendfile_module /usr/lib/apache2/modules/mod_xsendfile.so
                    ErrorLog TMP/apache.err
                    ServerName localhost
                    User www-data
                    Group www-data
                    DocumentRoot TMP/www
                    <Directory TMP/www>
                      Require all granted
                    </Directory>
                    """.replace("TMP", dir.path().toString()).replace("PORT", "" + port));
            try (RealServer apache = RealServer.start(Binary.APACHE2, conf, port)) {
                HttpResponse<String> response = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(apache.http() + "/hello.txt")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello from apache");
            }
        }
    }

    @Test
    void lighttpdServesStaticFile() throws Exception {
        RealServer.require(Binary.LIGHTTPD);
        try (WorldReadableDir dir = WorldReadableDir.create()) {
            dir.write("www/hello.txt", "hello from lighttpd");
            int port = FreePort.next();
            Path conf = dir.write("lighttpd.conf", """
                    server.document-root = "TMP/www"
                    server.port = PORT
                    server.bind = "127.0.0.1"
                    server.errorlog = "TMP/lighttpd.err"
                    """.replace("TMP", dir.path().toString()).replace("PORT", "" + port));
            try (RealServer lighttpd = RealServer.start(Binary.LIGHTTPD, conf, port)) {
                HttpResponse<String> response = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(lighttpd.http() + "/hello.txt")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello from lighttpd");
            }
        }
    }

    @Test
    void brokenConfigFailsFastWithErrorLogInMessage() {
        RealServer.require(Binary.NGINX);
        try (WorldReadableDir dir = WorldReadableDir.create()) {
            int port = FreePort.next();
            Path conf = dir.write("nginx.conf", nginxConfig(dir.path(), dir.path(), port)
                    .replace("events {}", "events {} no_such_directive on;"));
            long started = System.nanoTime();
            assertThatThrownBy(() -> RealServer.start(Binary.NGINX, conf, port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status")
                    .hasMessageContaining("no_such_directive");
            assertThat(System.nanoTime() - started).as("fails fast, not after the 15 s timeout")
                    .isLessThan(10_000_000_000L);
        }
    }

    @Test
    void portAlreadyInUseIsReported() throws Exception {
        RealServer.require(Binary.NGINX);
        try (WorldReadableDir dir = WorldReadableDir.create();
                java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path conf = dir.write("nginx.conf", nginxConfig(dir.path(), dir.path(), taken.getLocalPort()));
            assertThatThrownBy(() -> RealServer.start(Binary.NGINX, conf, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void errorLogIsFoundInEachConfigDialect(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path nginx = Files.writeString(tmp.resolve("n.conf"), "daemon off; pid /t/n.pid; error_log /t/n.err;\n");
        Path apache = Files.writeString(tmp.resolve("a.conf"), "ServerRoot /etc/apache2\nErrorLog /t/a.err\n");
        Path lighttpd = Files.writeString(tmp.resolve("l.conf"), "server.errorlog = \"/t/l.err\"\n");
        assertThat(RealServer.errorLogOf(Binary.NGINX, nginx)).isEqualTo("/t/n.err");
        assertThat(RealServer.errorLogOf(Binary.APACHE2, apache)).isEqualTo("/t/a.err");
        assertThat(RealServer.errorLogOf(Binary.LIGHTTPD, lighttpd)).isEqualTo("/t/l.err");
    }

    @Test
    void browserIsNotAServer(@org.junit.jupiter.api.io.TempDir Path tmp) {
        assertThatThrownBy(() -> RealServer.start(Binary.CHROMIUM, tmp.resolve("x.conf"), FreePort.next()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingBinarySkipsTestByDefault() {
        assertThatThrownBy(() -> RealServer.require(Binary.NGINX, Map.of(), p -> false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("nginx not installed: apt-get install nginx");
    }

    @Test
    void missingBinaryFailsTestWhenServersAreRequired() {
        assertThatThrownBy(() -> RealServer.require(Binary.LIGHTTPD, Map.of(RealServer.REQUIRE_ENV, "1"), p -> false))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("lighttpd not installed: apt-get install lighttpd");
    }

    @Test
    void requireEnvOtherThanOneStillSkips() {
        assertThatThrownBy(() -> RealServer.require(Binary.CHROMEDRIVER, Map.of(RealServer.REQUIRE_ENV, "0"), p -> false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("chromedriver not installed: apt-get install chromium-driver");
    }

    @Test
    void presentBinaryIsReturned() {
        assertThat(RealServer.require(Binary.NGINX, Map.of(RealServer.REQUIRE_ENV, "1"), p -> true))
                .isEqualTo(Path.of("/usr/sbin/nginx"));
    }

    @Test
    void worldReadableDirIsSearchableByOthersAndRemovedOnClose() throws Exception {
        Path root;
        Path file;
        try (WorldReadableDir dir = WorldReadableDir.create()) {
            root = dir.path();
            file = dir.write("a/b/c.txt", "x");
            assertThat(root).startsWith(Path.of("/tmp"));
            for (Path p = file.getParent(); !p.equals(root.getParent()); p = p.getParent()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).endsWith("r-x");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).endsWith("r--");
            assertThatThrownBy(() -> dir.write("../escape.txt", "x")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root).doesNotExist();
    }

    /** Tiny probe kept here so the test does not depend on RealServer internals. */
    static final class FreePortProbe {
        static boolean accepts(int port) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}

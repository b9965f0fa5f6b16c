package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.WorldReadableDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Apache httpd ({@code mod_proxy}) and a real lighttpd ({@code mod_proxy}) in front of
 * HardeningFilter, which trusts them (127.0.0.1); the client connects from 127.0.0.3 and forges
 * every forwarding header. Neither proxy sets all of {@code X-Forwarded-*}: Apache appends to
 * {@code X-Forwarded-For}/{@code -Host} and passes the client's {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Port} and {@code Forwarded} through untouched; lighttpd sets
 * {@code X-Forwarded-Proto}/{@code -Host}, appends to {@code X-Forwarded-For} and passes the client's
 * {@code X-Forwarded-Port} and {@code Forwarded}. With the lines docs/hardening-filters.md gives
 * for each ("Apache httpd and lighttpd") the forged values change nothing, while the proxy's own
 * values are read (positive control); with the proxy's bare configuration the client chooses the
 * scheme (Apache) or the port of the redirect (lighttpd), which is what those lines are for.
 * Skips without the servers, fails then when {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class ApacheLighttpdProxyTest {

    /** What the docs tell Apache users to add to the plain-HTTP virtual host ("https" on the TLS one). */
    static final String APACHE_LINES = "RequestHeader set X-Forwarded-Proto \"%s\"\n"
            + "RequestHeader unset X-Forwarded-Port\n"
            + "RequestHeader unset X-Forwarded-For\n"
            + "RequestHeader unset X-Forwarded-Host\n"
            + "RequestHeader unset Forwarded\n";
    /** What the docs tell lighttpd users to add. */
    static final String LIGHTTPD_LINES = "server.modules += (\"mod_setenv\")\n"
            + "setenv.set-request-header = (\"X-Forwarded-Port\" => \"\", \"Forwarded\" => \"\")\n";

    private static final String[] FORGED = {"X-Forwarded-Proto", "https", "X-Forwarded-Port", "8080",
            "X-Forwarded-Host", "evil.example", "X-Forwarded-For", "203.0.113.7",
            "Forwarded", "for=203.0.113.7;proto=https;host=evil.example"};

    private static TestServer app(ServletContainer container) {
        return container.builder().servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.proxy.trusted", "127.0.0.1/32",
                        "portcullis.https.exempt", "/app/public/*")).start();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void forgedForwardingHeadersThroughApacheWithTheDocumentedLinesChangeNothing(ServletContainer container)
            throws Exception {
        RealServer.require(RealServer.Binary.APACHE2);
        try (TestServer app = app(container); WorldReadableDir dir = WorldReadableDir.create()) {
            int plain = FreePort.next();
            int tlsVhost = FreePort.next();
            int bare = FreePort.next();
            String conf = apacheBase(dir, plain) + "Listen 127.0.0.1:" + tlsVhost + "\nListen 127.0.0.1:" + bare + "\n"
                    + "<VirtualHost 127.0.0.1:" + plain + ">\n" + APACHE_LINES.formatted("http")
                    + "ProxyPass / http://127.0.0.1:" + app.httpPort() + "/\n</VirtualHost>\n"
                    // stands for the TLS virtual host (SSLEngine on): the same lines with "https"
                    + "<VirtualHost 127.0.0.1:" + tlsVhost + ">\n" + APACHE_LINES.formatted("https")
                    + "ProxyPass / http://127.0.0.1:" + app.httpPort() + "/\n</VirtualHost>\n"
                    + "<VirtualHost 127.0.0.1:" + bare + ">\nProxyPass / http://127.0.0.1:" + app.httpPort()
                    + "/\n</VirtualHost>\n";
            try (RealServer apache = RealServer.start(RealServer.Binary.APACHE2, dir.write("apache.conf", conf), plain)) {
                // the attack: plain HTTP claiming https, another port, host and client
                String attack = send(plain, "/app/view", FORGED);
                assertThat(attack).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://localhost/app/view\r\n")
                        .doesNotContain("Strict-Transport-Security");
                // (listed=1: Apache's X-Forwarded-Server, which Portcullis does not read, passes through)
                assertThat(body(send(plain, "/app/public/view", FORGED)))
                        .isEqualTo("http false localhost 80 127.0.0.3 127.0.0.3 http://localhost/app/public/view"
                                + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=1");
                // positive control: the proxy's own https (its TLS virtual host) is read, the forged values are not
                String tls = send(tlsVhost, "/app/view", FORGED);
                assertThat(tls).startsWith("HTTP/1.1 200 ").contains("\r\nStrict-Transport-Security: ");
                assertThat(body(tls)).isEqualTo("https true localhost 443 127.0.0.3 127.0.0.3 https://localhost/app/view"
                        + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=1");
                // without the lines Apache passes the client's X-Forwarded-Proto on, and a trusted proxy's word is taken
                String unset = send(bare, "/app/view", "X-Forwarded-Proto", "https");
                assertThat(unset).startsWith("HTTP/1.1 200 ").contains("\r\nStrict-Transport-Security: ");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void forgedForwardingHeadersThroughLighttpdWithTheDocumentedLinesChangeNothing(ServletContainer container)
            throws Exception {
        RealServer.require(RealServer.Binary.LIGHTTPD);
        try (TestServer app = app(container); WorldReadableDir dir = WorldReadableDir.create()) {
            int port = FreePort.next();
            int barePort = FreePort.next();
            String documented = lighttpd(dir, "documented", port, app.httpPort()) + LIGHTTPD_LINES;
            String bare = lighttpd(dir, "bare", barePort, app.httpPort());
            try (RealServer l = RealServer.start(RealServer.Binary.LIGHTTPD, dir.write("l.conf", documented), port);
                 RealServer b = RealServer.start(RealServer.Binary.LIGHTTPD, dir.write("b.conf", bare), barePort)) {
                String attack = send(port, "/app/view", FORGED);
                assertThat(attack).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://localhost/app/view\r\n")
                        .doesNotContain("Strict-Transport-Security");
                // positive control: lighttpd's X-Forwarded-For entry (the real client) and host are read
                assertThat(body(send(port, "/app/public/view", FORGED)))
                        .isEqualTo("http false localhost 80 127.0.0.3 127.0.0.3 http://localhost/app/public/view"
                                + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
                // without the lines lighttpd passes the client's X-Forwarded-Port on: the client picks the redirect's port
                assertThat(send(barePort, "/app/view", "X-Forwarded-Port", "8080"))
                        .contains("\r\nLocation: https://localhost:8443/app/view\r\n");
            }
        }
    }

    private static String apacheBase(WorldReadableDir dir, int port) {
        String d = dir.path().toString();
        return "ServerRoot /etc/apache2\nPidFile " + d + "/apache.pid\nListen 127.0.0.1:" + port + "\n"
                + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
                + "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
                + "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n"
                + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
                + "LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n"
                + "ErrorLog " + d + "/apache.err\nServerName localhost\nUser www-data\nGroup www-data\n";
    }

    private static String lighttpd(WorldReadableDir dir, String name, int port, int backend) {
        String root = dir.mkdirs(name).toString();
        return "server.document-root = \"" + root + "\"\nserver.port = " + port + "\nserver.bind = \"127.0.0.1\"\n"
                + "server.errorlog = \"" + dir.path() + "/" + name + ".err\"\nserver.modules = (\"mod_proxy\")\n"
                + "proxy.server = (\"\" => ((\"host\" => \"127.0.0.1\", \"port\" => " + backend + ")))\n";
    }

    /** One GET with {@code Host: localhost} from 127.0.0.3 (not trusted), the whole answer as text. */
    static String send(int port, String path, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.3", 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String body(String response) {
        String b = response.substring(response.indexOf("\r\n\r\n") + 4);
        return b.startsWith("http") ? b : b.substring(b.indexOf("\r\n") + 2, b.lastIndexOf("\r\n0\r\n")); // chunked
    }
}

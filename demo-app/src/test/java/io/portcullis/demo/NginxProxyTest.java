package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.sendfile.Backend;
import io.portcullis.sendfile.FrontServerConfig;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.WorldReadableDir;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo behind real nginx terminating TLS, with {@code --trusted-proxies} naming only
 * nginx: nginx connects to the app from {@code 127.0.0.2} ({@code proxy_bind}), while an
 * attacker talking to the app's plain port directly comes from {@code 127.0.0.1}. Downloads
 * go out through nginx with X-Accel-Redirect ({@code --sendfile-backend nginx}).
 */
class NginxProxyTest {

    private static final String NGINX_PEER = "127.0.0.2";

    private static DemoFixture demo;
    private static WorldReadableDir dir;
    private static RealServer nginx;
    private static int nginxPort;

    @BeforeAll
    static void start() throws Exception {
        RealServer.require(RealServer.Binary.NGINX); // skips, or fails when PORTCULLIS_REQUIRE_SERVERS=1
        demo = DemoFixture.start(c -> c.withTrustedProxies(List.of(NGINX_PEER + "/32")).withSendfileBackend(Backend.NGINX));
        dir = WorldReadableDir.create();
        Path tls = demo.dataDir.resolve("tls");
        DemoCertificate cert = DemoCertificate.in(tls);
        Path key = dir.write("tls/server.key", privateKeyPem(cert));
        nginxPort = FreePort.next();
        String d = dir.path().toString();
        String conf = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                + "daemon off; pid " + d + "/nginx.pid; error_log " + d + "/nginx.err;\n"
                + "events {}\n"
                + "http {\n"
                + "  access_log off; server_tokens off;\n"
                + "  client_body_temp_path " + d + "/nb; proxy_temp_path " + d + "/np; fastcgi_temp_path " + d + "/nf;\n"
                + "  uwsgi_temp_path " + d + "/nu; scgi_temp_path " + d + "/ns;\n"
                + "  client_max_body_size 20m;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + nginxPort + " ssl;\n"
                + "    ssl_certificate " + cert.pem() + "; ssl_certificate_key " + key + ";\n"
                + "    location / {\n"
                + "      proxy_pass http://127.0.0.1:" + demo.server.httpPort() + ";\n"
                + "      proxy_bind " + NGINX_PEER + ";\n"
                + "      proxy_set_header Host $http_host;\n"
                + "      proxy_set_header X-Forwarded-Proto https;\n"
                + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "      proxy_set_header X-Forwarded-Host \"\";\n"
                + "      proxy_set_header X-Forwarded-Port \"\";\n"
                + "      proxy_set_header Forwarded \"\";\n"
                + "      proxy_redirect off;\n"
                + "    }\n"
                + FrontServerConfig.of(demo.server.sendfilePolicy()).nginx().indent(4)
                + "  }\n"
                + "}\n";
        Path file = dir.write("nginx.conf", conf);
        nginx = RealServer.start(RealServer.Binary.NGINX, file, nginxPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (dir != null) {
            dir.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static String privateKeyPem(DemoCertificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.keyStore())) {
            ks.load(in, cert.password().toCharArray());
        }
        Key k = ks.getKey(DemoCertificate.ALIAS, cert.password().toCharArray());
        // PKCS#8, as OpenSSL reads it
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(k.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static WebClient viaNginx() {
        return new WebClient(URI.create("https://localhost:" + nginxPort + "/"), demo.server.certificatePem());
    }

    @Test
    void throughNginxPagesAreServedWithoutRedirectLoopWithHstsAndSecureCookie() {
        WebClient c = viaNginx();
        HttpResponse<String> r = c.get("/login");
        assertThat(r.statusCode()).isEqualTo(200);
        HttpsHeadersTest.assertFullHeaderSet("via nginx", r);
        // no session before log-in; the anonymous CSRF cookie is the HTTPS one (__Host-, Secure) through the proxy
        assertThat(r.headers().allValues("set-cookie")).anySatisfy(v ->
                assertThat(v).startsWith("__Host-csrf=").containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly"));
        // a whole sign-up through the proxy: the CSRF token survives it and the session cookie is Secure
        String name = DemoFixture.newName();
        HttpResponse<String> signup = c.signUp(name, DemoFixture.password());
        assertThat(signup.statusCode()).as(signup.body()).isEqualTo(303);
        assertThat(signup.headers().allValues("set-cookie")).anySatisfy(v ->
                assertThat(v).startsWith("JSESSIONID=").containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly"));
        assertThat(signup.headers().firstValue("location")).hasValue("/account");
        assertThat(c.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void forwardedProtoFromAnyoneElseIsIgnored() {
        WebClient direct = demo.http(); // from 127.0.0.1, not the trusted 127.0.0.2
        HttpResponse<String> r = direct.send(HttpRequest.newBuilder(direct.base.resolve("/login"))
                .header("X-Forwarded-Proto", "https").header("Forwarded", "proto=https;host=localhost").build());
        assertThat(r.statusCode()).isNotEqualTo(200);
        assertThat(r.headers().firstValue("strict-transport-security")).isEmpty();
        assertThat(r.headers().allValues("set-cookie")).isEmpty();
        // and a forwarded host from a stranger never steers the redirect
        HttpResponse<String> steer = direct.send(HttpRequest.newBuilder(direct.base.resolve("/login"))
                .header("X-Forwarded-Host", "evil.example").build());
        assertThat(steer.statusCode()).isEqualTo(301);
        assertThat(steer.headers().firstValue("location")).hasValue("https://localhost:" + demo.server.httpsPort() + "/login");
    }

    @Test
    void clientForgedForwardedHeadersThroughNginxDoNotDowngradeOrSteer() {
        WebClient c = viaNginx();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(c.base.resolve("/login"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "proto=http;host=evil.example").build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("strict-transport-security")).isPresent();
    }

    @Test
    void downloadIsAuthorisedByTheAppAndDeliveredByNginx() throws Exception {
        WebClient owner = viaNginx();
        owner.signUp(DemoFixture.newName(), DemoFixture.password());
        byte[] png = BrowserTourTest.png();
        HttpResponse<String> up = owner.postFile("/upload", Map.of("csrf", owner.csrfFrom("/upload")), "pic.png", "image/png", png);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = up.body().replaceAll("(?s).*href=\"/files/([0-9a-f]{32})\".*", "$1");

        HttpResponse<byte[]> got = owner.getBytes("/files/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(png);
        assertThat(got.headers().firstValue("x-accel-redirect")).isEmpty(); // consumed by nginx
        assertThat(got.headers().firstValue("content-type")).hasValue("image/png");

        WebClient other = viaNginx();
        other.signUp(DemoFixture.newName(), DemoFixture.password());
        assertThat(other.getBytes("/files/" + id).statusCode()).isEqualTo(404);
        // the internal location cannot be asked for directly
        assertThat(other.getBytes(demo.server.sendfilePolicy().nginxInternalPrefix() + id).statusCode()).isEqualTo(404);
    }
}

package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.DeployCheck;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import io.portcullis.testing.WorldReadableDir;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client must never pick the forwarding header family. Behind a real nginx with the usual
 * block ({@code Host $host}, {@code X-Forwarded-For $proxy_add_x_forwarded_for},
 * {@code X-Forwarded-Proto $scheme}: nginx overwrites X-Forwarded-Proto and passes a client's
 * {@code Forwarded} through untouched) and the default {@code portcullis.proxy.headers}, a client
 * that adds {@code Forwarded: for=203.0.113.77;proto=https} over plain HTTP is still redirected,
 * gets no HSTS, and the application still sees http and nginx's view of the client. The same
 * nginx over TLS is the positive control (its X-Forwarded-Proto https is believed). The deploy
 * check reports the mixed families once. Skips without nginx, fails then when
 * {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class NginxProxyFamilyTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private static final String ATTACK = "for=203.0.113.77;proto=https";

    private final HttpClient client = TrustingClient.trusting(CERT);

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void forwardedWhenClientSendsItThroughNginxStandardBlockThenIgnoredAndMixedFamiliesReported(ServletContainer container)
            throws Exception {
        RealServer.require(RealServer.Binary.NGINX);
        HardeningFilter filter = new HardeningFilter();
        try (LogCapture log = new LogCapture();
             TestServer app = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", filter, "/*", Map.of("portcullis.proxy.trusted", "127.0.0.1/32",
                             "portcullis.https.exempt", "/app/public/*")).start();
             WorldReadableDir dir = WorldReadableDir.create()) {
            int plain = FreePort.next();
            int tls = FreePort.next();
            Path key = dir.write("server.key", privateKeyPem());
            String d = dir.path().toString();
            String conf = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "daemon off; pid " + d + "/nginx.pid; error_log " + d + "/nginx.err;\n"
                    + "events {}\n"
                    + "http {\n"
                    + "  access_log off;\n"
                    + "  client_body_temp_path " + d + "/nb; proxy_temp_path " + d + "/np; fastcgi_temp_path " + d + "/nf;\n"
                    + "  uwsgi_temp_path " + d + "/nu; scgi_temp_path " + d + "/ns;\n"
                    + "  server {\n"
                    + "    listen 127.0.0.1:" + plain + ";\n"
                    + "    listen 127.0.0.1:" + tls + " ssl;\n"
                    + "    ssl_certificate " + CERT.pem() + "; ssl_certificate_key " + key + ";\n"
                    + "    location / {\n"
                    + "      proxy_pass http://127.0.0.1:" + app.httpPort() + ";\n"
                    + "      proxy_set_header Host $host;\n"
                    + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                    + "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                    + "      proxy_redirect off;\n"
                    + "    }\n"
                    + "  }\n"
                    + "}\n";
            try (RealServer nginx = RealServer.start(RealServer.Binary.NGINX, dir.write("nginx.conf", conf), plain)) {
                URI http = URI.create("http://127.0.0.1:" + plain);
                URI https = URI.create("https://127.0.0.1:" + tls);

                // the attack: a client's own Forwarded over plain HTTP
                HttpResponse<String> attack = get(http.resolve("/app/hello"), "Forwarded", ATTACK);
                assertThat(attack.statusCode()).isEqualTo(301);
                assertThat(attack.headers().firstValue("Location")).hasValue("https://127.0.0.1/app/hello");
                assertThat(attack.headers().firstValue("Strict-Transport-Security")).isEmpty();
                assertThat(get(http.resolve("/app/public/effective"), "Forwarded", ATTACK).body())
                        .isEqualTo("http://127.0.0.1:80 client=127.0.0.1 via trusted proxy");

                // positive control: the same nginx over TLS says https itself, and that is believed
                HttpResponse<String> ok = get(https.resolve("/app/hello"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000; includeSubDomains");
                assertThat(get(https.resolve("/app/public/effective")).body())
                        .isEqualTo("https://127.0.0.1:443 client=127.0.0.1 via trusted proxy");
                // and a client's Forwarded cannot downgrade it either
                assertThat(get(https.resolve("/app/public/effective"), "Forwarded", "for=203.0.113.77;proto=http").body())
                        .isEqualTo("https://127.0.0.1:443 client=127.0.0.1 via trusted proxy");

                // the deploy check: both families arrived from the trusted proxy, reported once
                assertThat(filter.findings()).filteredOn(f -> f.id().equals("PROXY_HEADERS_MIXED")).singleElement()
                        .satisfies(f -> {
                            assertThat(f.severity()).isEqualTo(DeployCheck.Severity.WARNING);
                            assertThat(f.key()).isEqualTo("portcullis.proxy.headers");
                            assertThat(f.message()).contains("127.0.0.1").contains("proxy_set_header Forwarded \"\"");
                        });
                assertThat(log.messages()).filteredOn(m -> m.contains("carry both Forwarded and X-Forwarded-*")).hasSize(1)
                        .allSatisfy(m -> assertThat(m).startsWith("WARNING Portcullis: requests from trusted proxy 127.0.0.1"));
            }
        }
    }

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String privateKeyPem() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(CERT.keyStore())) {
            ks.load(in, SelfSignedCertificate.PASSWORD.toCharArray());
        }
        Key k = ks.getKey(SelfSignedCertificate.ALIAS, SelfSignedCertificate.PASSWORD.toCharArray());
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}

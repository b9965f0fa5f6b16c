package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.boot.app.TestApp;
import io.portcullis.sendfile.UrlSigner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Boot application without Spring Security on the class path (surefire execution
 * "without-spring-security" removes its jars): HTTPS on the main connector from
 * {@code server.ssl.*}, a plain-HTTP extra connector, actuator, and only {@code portcullis.*}
 * keys. Each protection: the attack refused beside the same-configuration control accepted.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "portcullis.upload.preset=images",
    "portcullis.upload.paths=/upload",
    "portcullis.signed-url.key.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "portcullis.boot.signed-url-paths=/shared/*",
    "portcullis.hsts.preload=true",
    "management.endpoints.web.exposure.include=health"})
@Import(WithoutSpringSecurityTest.ExtraConnector.class)
class WithoutSpringSecurityTest {

    static final HttpClient TLS = Tls.CLIENT;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry r) {
        Tls.serverSsl(r);
    }

    /** A plain-HTTP connector besides the HTTPS one, as applications add for the redirect. */
    @TestConfiguration
    static class ExtraConnector {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector() {
            return factory -> {
                Connector http = new Connector("HTTP/1.1");
                http.setPort(0);
                factory.addAdditionalConnectors(http);
            };
        }
    }

    @LocalServerPort
    int httpsPort;

    @org.junit.jupiter.api.BeforeAll
    static void springSecurityIsReallyAbsent() {
        assertThat(org.springframework.util.ClassUtils.isPresent(
                "org.springframework.security.web.FilterChainProxy", null))
                .as("run by surefire execution without-spring-security, which removes Spring Security's jars")
                .isFalse();
    }

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    UrlSigner signer;

    String https(String path) {
        return "https://localhost:" + httpsPort + path;
    }

    int plainPort() {
        return Arrays.stream(((TomcatWebServer) context.getWebServer()).getTomcat().getService().findConnectors())
                .filter(c -> !c.getSecure()).mapToInt(Connector::getLocalPort).findFirst().orElseThrow();
    }

    @Test
    void securityHeadersOnEveryHttpsAnswer() {
        HttpResponse<String> r = Http.send(TLS, Http.get(https("/")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.all(r, "Strict-Transport-Security"))
                .containsExactly("max-age=31536000; includeSubDomains; preload");
        assertThat(Http.all(r, "X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(Http.all(r, "X-Frame-Options")).containsExactly("DENY");
        assertThat(Http.all(r, "Referrer-Policy")).containsExactly("no-referrer");
        assertThat(Http.all(r, "Content-Security-Policy")).singleElement().asString().contains("default-src 'self'");
    }

    @Test
    void plainHttpConnectorRedirectsToTheHttpsConnectorItWasGivenByTomcat() {
        HttpResponse<String> r = Http.send(Http.PLAIN, Http.get("http://localhost:" + plainPort() + "/page?q=1"));
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("https://localhost:" + httpsPort + "/page?q=1");
        assertThat(Http.all(r, "Strict-Transport-Security")).isEmpty();
    }

    @Test
    void actuatorHealthAnswersOverPlainHttpWithoutRedirect() {
        HttpResponse<String> health = Http.send(Http.PLAIN,
                Http.get("http://localhost:" + plainPort() + "/actuator/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        HttpResponse<String> other = Http.send(Http.PLAIN, Http.get("http://localhost:" + plainPort() + "/actuator"));
        assertThat(other.statusCode()).isEqualTo(301);
    }

    @Test
    void unknownHostIsRefusedWhileLocalhostIsServed() {
        HttpResponse<String> attack = Http.send(TLS, Http.get(https("/")).header("Host", "evil.example"));
        assertThat(attack.statusCode()).isEqualTo(400);
        assertThat(attack.body()).contains("HOST_NOT_ALLOWED");
        assertThat(Http.send(TLS, Http.get(https("/")).header("Host", "localhost:" + httpsPort)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void applicationCookieAndJsessionidAreHardenedWithOnePolicy() {
        HttpResponse<String> r = Http.send(TLS, Http.get(https("/")));
        assertThat(Http.setCookie(r, "prefs")).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(Http.setCookie(r, "JSESSIONID")).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void uploadWithForeignBytesIsRefusedWithItsReasonAndARealPngIsAccepted() throws Exception {
        Map.Entry<String, byte[]> php = Http.multipart("file", "me.png", "image/png",
                "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> attack = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/upload")))
                .header("Content-Type", php.getKey()).header("Origin", "https://localhost:" + httpsPort)
                .header("X-CSRF-Token", token()).header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(php.getValue())));
        assertThat(attack.statusCode()).isEqualTo(415);
        assertThat(attack.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(attack.body()).contains("TYPE_MISMATCH");

        Map.Entry<String, byte[]> png = Http.multipart("file", "pixel.png", "image/png", png());
        HttpResponse<String> control = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/upload")))
                .header("Content-Type", png.getKey()).header("Origin", "https://localhost:" + httpsPort)
                .header("X-CSRF-Token", token()).header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.getValue())));
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(control.body()).isEqualTo("stored 1");
    }

    /**
     * {@code /old-upload} is outside {@code portcullis.upload.paths} and forwards to {@code /upload}: Spring has
     * already parsed the body there, unchecked, so the guard (mapped for FORWARD) refuses instead of letting the
     * upload handler take those parts. Without FORWARD in the mapping the handler answered "stored 1".
     */
    @Test
    void uploadForwardedIntoTheGuardedPathIsNotHandedOverUnchecked() throws Exception {
        Map.Entry<String, byte[]> php = Http.multipart("file", "me.png", "image/png",
                "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> attack = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/old-upload")))
                .header("Content-Type", php.getKey()).header("Origin", "https://localhost:" + httpsPort)
                .header("X-CSRF-Token", token()).header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(php.getValue())));
        assertThat(attack.statusCode()).as(attack.body()).isEqualTo(500);
        assertThat(attack.body()).contains("BODY_ALREADY_READ").doesNotContain("stored");
    }

    @Test
    void crossSiteFormPostIsRefusedAndTheSameOriginPostWithTokenIsAccepted() {
        String token = token();
        HttpResponse<String> attack = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/form")))
                .header("Origin", "https://evil.example").header("X-CSRF-Token", token).header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(attack.statusCode()).isEqualTo(403);
        assertThat(attack.body()).contains("ORIGIN_MISMATCH");
        HttpResponse<String> noToken = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/form")))
                .header("Origin", "https://localhost:" + httpsPort).header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF_TOKEN_MISSING");
        HttpResponse<String> control = Http.send(TLS, HttpRequest.newBuilder(java.net.URI.create(https("/form")))
                .header("Origin", "https://localhost:" + httpsPort).header("X-CSRF-Token", token)
                .header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(control.body()).isEqualTo("changed");
    }

    @Test
    void sharedLinkWithoutSignatureIsRefusedAndTheSignedOneIsServed() {
        HttpResponse<String> attack = Http.send(TLS, Http.get(https("/shared/report")));
        assertThat(attack.statusCode()).isEqualTo(403);
        assertThat(attack.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        String link = signer.link("/shared/report").expiresIn(Duration.ofMinutes(5)).sign();
        HttpResponse<String> control = Http.send(TLS, Http.get(https(link)));
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(control.body()).isEqualTo("shared");
    }

    private String csrfCookie = "";

    /** A token from the application's page, keeping the cookie (__Host-csrf or the session) it is bound to. */
    private String token() {
        HttpResponse<String> r = Http.send(TLS, Http.get(https("/token")));
        StringBuilder cookies = new StringBuilder();
        for (String c : Http.all(r, "Set-Cookie")) {
            cookies.append(cookies.length() == 0 ? "" : "; ").append(c, 0,
                    c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
        }
        csrfCookie = cookies.toString();
        return r.body();
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

package io.portcullis.example.boot35;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.TrustingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.SpringSecurityCoreVersion;

/**
 * The starter, built for Spring Boot 4.0, in a Spring Boot 3.5 application with Spring Security 6.5
 * and Boot's defaults: what a Boot 3.5 user gets. Each application is started on a random port.
 * Run: {@code mvn -o -Pboot35 -pl examples/spring-boot-3.5 -am verify -Dtest=SpringBoot35SmokeTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (docs/spring-boot.md).
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBoot35SmokeTest {

    static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    static final HttpClient HTTPS = TrustingClient.trusting(CERT);
    static final HttpClient PLAIN = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    static SpringApplicationBuilder app(String... properties) {
        return new SpringApplicationBuilder(SmokeApp.class).properties("server.port=0", "spring.main.banner-mode=off",
                "spring.security.user.name=alice",
                "spring.security.user.password=correct-horse").properties(properties);
    }

    static SpringApplicationBuilder httpsApp(String... properties) {
        return app("server.ssl.key-store=file:" + CERT.keyStore(), "server.ssl.key-store-password="
                + SelfSignedCertificate.PASSWORD, "server.ssl.key-store-type=PKCS12", "server.ssl.key-alias="
                + SelfSignedCertificate.ALIAS).properties(properties);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws IOException,
            InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void noHeaderTwice(HttpResponse<?> r) {
        for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("set-cookie")) {
                assertThat(h.getValue()).as("header " + h.getKey()).hasSize(1);
            }
        }
    }

    @Test
    void theApplicationRunsOnTheBoot35Line() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(SpringSecurityCoreVersion.getVersion()).startsWith("6.5.");
    }

    @Test
    void readmeSetUpRedirectsAnAllowedHostToHttpsAndRefusesAnUnknownOne() throws Exception {
        try (ConfigurableApplicationContext context = app("portcullis.hosts.allowed=example.com").run()) {
            String url = "http://127.0.0.1:" + port(context) + "/";
            HttpResponse<String> allowed = send(PLAIN, HttpRequest.newBuilder(URI.create(url)).header("Host",
                    "example.com"));
            assertThat(allowed.statusCode()).isEqualTo(301);
            assertThat(allowed.headers().firstValue("Location")).hasValue("https://example.com/");
            HttpResponse<String> unknown = send(PLAIN, HttpRequest.newBuilder(URI.create(url)).header("Host",
                    "evil.example"));
            assertThat(unknown.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void withSpringSecurityOwningTheSharedHeadersEachHeaderIsWrittenOnceAndJsessionidIsHardened() throws Exception {
        try (ConfigurableApplicationContext context = httpsApp("portcullis.boot.header-owner=spring-security").run()) {
            String base = "https://localhost:" + port(context);
            HttpResponse<String> login = send(HTTPS, HttpRequest.newBuilder(URI.create(base + "/login")));
            assertThat(login.statusCode()).isEqualTo(200);
            noHeaderTwice(login);
            assertThat(login.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000 ; includeSubDomains");
            assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(login.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(login.headers().firstValue("Referrer-Policy")).isPresent();
            HttpResponse<String> anonymous = send(HTTPS, HttpRequest.newBuilder(URI.create(base + "/"))
                    .header("Accept", "text/html"));
            assertThat(anonymous.statusCode()).isEqualTo(302);
            noHeaderTwice(anonymous);
            assertThat(anonymous.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                    .singleElement().satisfies(c -> assertThat(c).contains("Secure").contains("HttpOnly")
                            .contains("SameSite=Lax"));
        }
    }

    @Test
    void defaultHeaderOwnerOnSpringSecurity65LeavesTheSharedHeadersToSpringWrittenOnce() throws Exception {
        // header-owner=portcullis switches Spring's writers off through a Customizer<HttpSecurity> bean,
        // which Spring Security 6.5 does not apply: Spring's values stay, and no header is doubled
        try (ConfigurableApplicationContext context = httpsApp("portcullis.hsts.max-age=600").run()) {
            HttpResponse<String> login = send(HTTPS,
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port(context)
                    + "/login")));
            assertThat(login.statusCode()).isEqualTo(200);
            noHeaderTwice(login);
            assertThat(login.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000 ; includeSubDomains");
        }
    }

    @Test
    void uploadWithForeignBytesIsRefusedBeforeSpringSecurity() throws Exception {
        try (ConfigurableApplicationContext context = httpsApp("portcullis.upload.paths=/upload").run()) {
            String boundary = "portcullisSmokeBoundary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cat.png\""
                    + "\r\nContent-Type: image/png\r\n\r\n<?php system($_GET['c']); ?>\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = send(HTTPS, HttpRequest.newBuilder(URI.create("https://localhost:" + port(context)
                    + "/upload")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
        }
    }

    @Test
    void misspeltKeyStopsTheStartWithTheDidYouMean(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.hsts.max-ag=600").run().close()).isNotNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains(
                "Portcullis configuration: unknown key portcullis.hsts.max-ag; did you mean portcullis.hsts.max-age?");
    }
}

package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which software answered, from banners and behaviour, and the fix hint written for it. */
class FixHintsTest {

    private static Response r(String body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new Response(URI.create("https://example.com/"), 404, h, body);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "nginx/1.22.1                | NULL                                                               | NGINX",
        "NULL                        | <hr><center>nginx</center>                                         | NGINX",
        "Apache/2.4.62 (Debian)      | NULL                                                               | APACHE",
        "NULL                        | <address>Apache/2.4.62 (Debian) OpenSSL/3.0.17 Server at a Port 443</address> | APACHE",
        "Apache-Coyote/1.1           | NULL                                                               | TOMCAT",
        "NULL                        | <h3>Apache Tomcat/10.1.48</h3>                                     | TOMCAT",
        "Jetty(12.1.14)              | NULL                                                               | JETTY",
        "NULL                        | {\"timestamp\":\"2026-12-02T10:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/x\"} | SPRING_BOOT",
        "NULL                        | <h1>Whitelabel Error Page</h1>                                     | SPRING_BOOT",
    })
    void recognisedFromBannersAndErrorPages(String server, String body, Stack expected) {
        Response resp = server == null ? r(body == null ? "" : body) : r(body == null ? "" : body, "Server", server);
        assertThat(Stack.recognise(List.of(resp))).containsExactly(expected);
    }

    @Test
    void portcullisIsRecognisedByItsProblemAnswerToAForgedHost() {
        Response p = r("{\"type\":\"about:blank\",\"title\":\"Host not allowed\",\"status\":400,\"code\":\"HOST_NOT_ALLOWED\"}",
                "Content-Type", "application/problem+json");
        assertThat(Stack.recognise(List.of(p))).containsExactly(Stack.PORTCULLIS);
        assertThat(Stack.recognise(List.of(r("{\"code\":\"HOST_NOT_ALLOWED\"}", "Content-Type", "text/plain")))).isEmpty();
    }

    @Test
    void portcullisKeysOnlyWhenPortcullisAnswered() {
        assertThat(Fix.adapt(Fix.HSTS_MAX_AGE, EnumSet.of(Stack.PORTCULLIS, Stack.JETTY)))
                .isEqualTo("portcullis.hsts.max-age=31536000");
        assertThat(Fix.adapt(Fix.HSTS_MAX_AGE, EnumSet.of(Stack.NGINX)))
                .startsWith("nginx: add_header Strict-Transport-Security").doesNotContain("portcullis.");
        assertThat(Fix.adapt(Fix.COOKIE_SECURE, EnumSet.of(Stack.SPRING_BOOT)))
                .startsWith("Spring Boot: server.servlet.session.cookie.secure=true for the session cookie")
                .contains("the application's own cookies need Cookie.setSecure(true)");
        assertThat(Fix.adapt(Fix.TRACE, EnumSet.of(Stack.APACHE))).isEqualTo("Apache httpd: TraceEnable Off");
        assertThat(Fix.adapt(Fix.COOKIE_SECURE, Set.of())).isEqualTo("set Secure on every cookie");
        assertThat(Fix.adapt(Fix.TLS_PROTOCOLS, EnumSet.of(Stack.NGINX, Stack.TOMCAT)))
                .contains("nginx: ssl_protocols TLSv1.2 TLSv1.3;", "Tomcat: <SSLHostConfig protocols");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "<address>Apache/2.4.62 (Debian) OpenSSL/3.0.17 mod_wsgi/4.9 Server at example.com Port 443</address>",
        "<address>Apache/2.4.62 (Debian) Server at example.com Port 80</address>",
        "<hr><center>nginx/1.22.1</center>",
        "<hr><center>nginx/1.18.0 (Ubuntu)</center>",
        "<h3>Apache Tomcat/10.1.48</h3>",
        "<a href=\"https://jetty.org/\">Powered by Jetty:// 12.1.14</a>",
    })
    void everyVersionedSignatureFormIsALeak(String page) {
        assertThat(Checks.leak(page)).isPresent();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "<address>Apache Server at example.com Port 80</address>",
        "<hr><center>nginx</center>",
        "<h1>Not Found</h1>",
    })
    void unversionedSignaturesAreNotVersionLeaks(String page) {
        assertThat(Checks.leak(page)).isEmpty();
    }
}

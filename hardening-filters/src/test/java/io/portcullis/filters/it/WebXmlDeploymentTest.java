package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The path users take: a real {@code WEB-INF/web.xml} declaring the no-arg {@code HardeningFilter}
 * with init-params, plus {@code WEB-INF/classes/portcullis.properties}, deployed as a webapp
 * (Jetty {@code WebAppContext}, Tomcat webapp context); {@code SessionCookieHardener} is found
 * in {@code META-INF/services} as a container would find it in a war.
 */
class WebXmlDeploymentTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private final HttpClient client = TrustingClient.trusting(CERT);

    static String webXml(String initParams) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>portcullis</filter-name>
                    <filter-class>io.portcullis.filters.HardeningFilter</filter-class>
                    <async-supported>true</async-supported>
                %s
                  </filter>
                  <filter-mapping>
                    <filter-name>portcullis</filter-name>
                    <url-pattern>/*</url-pattern>
                    <dispatcher>REQUEST</dispatcher>
                    <dispatcher>ERROR</dispatcher>
                    <dispatcher>ASYNC</dispatcher>
                  </filter-mapping>
                  <servlet>
                    <servlet-name>app</servlet-name>
                    <servlet-class>io.portcullis.filters.it.AppServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>app</servlet-name>
                    <url-pattern>/app/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(initParams);
    }

    static String param(String name, String value) {
        return "    <init-param><param-name>" + name + "</param-name><param-value>" + value + "</param-value></init-param>";
    }

    static Path webapp(Path dir, String initParams, String properties) throws Exception {
        Files.createDirectories(dir.resolve("WEB-INF/classes"));
        Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml(initParams));
        Files.writeString(dir.resolve("WEB-INF/classes/portcullis.properties"), properties);
        return dir;
    }

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webXmlWhenDeployedThenInitParamsAndPropertiesFileApply(ServletContainer container, @TempDir Path dir) throws Exception {
        Path app = webapp(dir,
                param("portcullis.hosts.allowed", "localhost, 127.0.0.1, app.test") + "\n" + param("portcullis.https.get-status", "308")
                        + "\n" + param("portcullis.hsts.max-age", "172800"),
                "portcullis.hsts.max-age=86400\nportcullis.headers.frame-options=SAMEORIGIN\nportcullis.cookies.same-site=Strict\n");
        try (TestServer server = container.builder().https(CERT).webapp(app).start()) {
            HttpResponse<String> redirect = get(server.http("/app/hello?x=1"), "Host", "app.test");
            assertThat(redirect.statusCode()).as("init-param get-status").isEqualTo(308);
            assertThat(redirect.headers().firstValue("Location")).hasValue("https://app.test/app/hello?x=1");

            HttpResponse<String> tls = get(server.https("/app/hello"));
            assertThat(tls.statusCode()).isEqualTo(200);
            assertThat(tls.headers().firstValue("Strict-Transport-Security")).as("init-param beats the file")
                    .hasValue("max-age=172800; includeSubDomains");
            assertThat(tls.headers().firstValue("X-Frame-Options")).as("from the properties file").hasValue("SAMEORIGIN");

            assertThat(get(server.http("/app/hello"), "Host", "evil.example").statusCode()).isEqualTo(400);

            String session = get(server.https("/app/session")).headers().allValues("Set-Cookie").stream()
                    .filter(l -> l.startsWith("JSESSIONID=")).findFirst().orElseThrow();
            assertThat(session).contains("; Secure").contains("; HttpOnly").containsIgnoringCase("; SameSite=Strict");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webXmlWhenTypoInInitParamThenWebappDoesNotStart(ServletContainer container, @TempDir Path dir) throws Exception {
        Path app = webapp(dir, param("portcullis.hsts.maxage", "600"), "");
        Throwable failure = catchThrowable(() -> container.builder().webapp(app).start().close());
        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains(
                "unknown key portcullis.hsts.maxage (from init-param of filter portcullis); did you mean portcullis.hsts.max-age?");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void propertiesWhenTypoThenWebappDoesNotStart(ServletContainer container, @TempDir Path dir) throws Exception {
        Path app = webapp(dir, "", "portcullis.cookies.same-sit=Lax\n");
        Throwable failure = catchThrowable(() -> container.builder().webapp(app).start().close());
        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains(
                "unknown key portcullis.cookies.same-sit (from classpath portcullis.properties); did you mean portcullis.cookies.same-site?");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webXmlWhenBadValueThenWebappDoesNotStartAndMessageNamesKey(ServletContainer container, @TempDir Path dir) throws Exception {
        Path app = webapp(dir, param("portcullis.hsts.preload", "yes"), "");
        Throwable failure = catchThrowable(() -> container.builder().webapp(app).start().close());
        assertThat(messages(failure)).contains("portcullis.hsts.preload must be true or false; got \"yes\" (from init-param of filter portcullis)");
    }

    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}

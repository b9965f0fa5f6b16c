package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.HardeningPolicy.SameSite;
import io.portcullis.filters.SessionCookieHardener;
import io.portcullis.testing.ContainerBuilder;
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
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One policy per application (issue 12, point 2): the container's session cookie (JSESSIONID)
 * gets the same attributes as the application's cookies whatever way the filter is configured,
 * and a second source setting a key to another value stops the start naming both sources. On
 * Jetty and Tomcat, with SessionCookieHardener registered as META-INF/services would (it runs
 * first, from the settings) and without it.
 */
class OnePolicyTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private final HttpClient client = TrustingClient.trusting(CERT);

    private static final HardeningPolicy STRICT = HardeningPolicy.builder().cookieSameSite(SameSite.STRICT).build();

    private ContainerBuilder app(ServletContainer container) {
        return container.builder().https(CERT).servlet("app", new AppServlet(), "/app/*");
    }

    private String cookie(URI uri, String name) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().allValues("Set-Cookie").stream().filter(l -> l.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " from " + uri + ": " + r.headers().allValues("Set-Cookie")));
    }

    private static String sameSite(String line) {
        for (String part : line.split(";")) {
            if (part.trim().regionMatches(true, 0, "SameSite=", 0, 9)) {
                return part.trim().substring(9);
            }
        }
        return "none";
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void builderPolicyWhenStrictThenJsessionidAndAppCookieBothStrict(ServletContainer container) throws Exception {
        try (TestServer s = app(container).initializer(new SessionCookieHardener(), Set.of())
                .filter("portcullis", new HardeningFilter(STRICT), "/*").start()) {
            String session = cookie(s.https("/app/session"), "JSESSIONID");
            String own = cookie(s.https("/app/cookies"), "plain");
            assertThat(sameSite(own)).isEqualToIgnoringCase("Strict");
            assertThat(sameSite(session)).as(session).isEqualToIgnoringCase("Strict");
            assertThat(session).contains("; Secure").contains("; HttpOnly");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void builderPolicyWithoutTheInitializerStillHardensJsessionid(ServletContainer container) throws Exception {
        // Spring Boot's embedded containers run no META-INF/services initializer: the filter alone must do it
        try (TestServer s = app(container).filter("portcullis", new HardeningFilter(STRICT), "/*").start()) {
            String session = cookie(s.https("/app/session"), "JSESSIONID");
            assertThat(sameSite(session)).as(session).isEqualToIgnoringCase("Strict");
            assertThat(session).contains("; Secure").contains("; HttpOnly");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlWhenDefaultsThenBothLaxAndWithoutPortcullisNone(ServletContainer container) throws Exception {
        try (TestServer s = app(container).initializer(new SessionCookieHardener(), Set.of())
                .filter("portcullis", new HardeningFilter(HardeningPolicy.defaults()), "/*").start();
             TestServer bare = app(container).start()) {
            assertThat(sameSite(cookie(s.https("/app/session"), "JSESSIONID"))).isEqualToIgnoringCase("Lax");
            assertThat(sameSite(cookie(s.https("/app/cookies"), "plain"))).isEqualToIgnoringCase("Lax");
            assertThat(sameSite(cookie(bare.https("/app/session"), "JSESSIONID"))).isEqualTo("none");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void conflictWhenBuilderAndPropertiesFileDifferThenStartFailsNamingBothSources(ServletContainer container,
            @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("portcullis.properties"), "portcullis.cookies.same-site=Lax\n");
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> app(container).initializer(new SessionCookieHardener(), Set.of())
                    .contextParam("portcullis.config.file", file.toString())
                    .filter("portcullis", new HardeningFilter(STRICT), "/*").start().close())
                    .isInstanceOf(IllegalStateException.class);
            String expected = "portcullis.cookies.same-site is \"Lax\" in file " + file + " but \"Strict\" in the HardeningPolicy "
                    + "given to HardeningFilter in code; one application has one policy: set it in one place";
            assertThat(log.messages()).contains("SEVERE Portcullis HardeningFilter not started: " + expected);
            assertThat(log.messages()).noneMatch(m -> m.contains("effective policy"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlWhenPropertiesFileAgreesWithBuilderThenStartsAndBothStrict(ServletContainer container, @TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("portcullis.properties"), "portcullis.cookies.same-site=Strict\n");
        try (TestServer s = app(container).initializer(new SessionCookieHardener(), Set.of())
                .contextParam("portcullis.config.file", file.toString())
                .filter("portcullis", new HardeningFilter(STRICT), "/*").start()) {
            assertThat(sameSite(cookie(s.https("/app/session"), "JSESSIONID"))).isEqualToIgnoringCase("Strict");
            assertThat(sameSite(cookie(s.https("/app/cookies"), "plain"))).isEqualToIgnoringCase("Strict");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void conflictWhenContextParamAndFilterInitParamDifferThenStartFailsNamingBoth(ServletContainer container) {
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> app(container).initializer(new SessionCookieHardener(), Set.of())
                    .contextParam("portcullis.hsts.max-age", "600")
                    .filter("portcullis", new HardeningFilter(), "/*", java.util.Map.of("portcullis.hsts.max-age", "31536000"))
                    .start().close()).isInstanceOf(IllegalStateException.class);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("SEVERE Portcullis HardeningFilter not started: "
                    + "portcullis.hsts.max-age is \"600\" in context-param but \"31536000\" in init-param of filter portcullis"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void initParamPolicyReachesJsessionid(ServletContainer container) throws Exception {
        try (TestServer s = app(container).initializer(new SessionCookieHardener(), Set.of())
                .filter("portcullis", new HardeningFilter(), "/*", java.util.Map.of("portcullis.cookies.same-site", "Strict"))
                .start()) {
            assertThat(sameSite(cookie(s.https("/app/session"), "JSESSIONID"))).isEqualToIgnoringCase("Strict");
            assertThat(sameSite(cookie(s.https("/app/cookies"), "plain"))).isEqualToIgnoringCase("Strict");
        }
    }
}

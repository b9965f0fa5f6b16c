package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The kit on a real Spring Boot 4 application ({@link BootSampleApp} as shipped, on Boot's embedded
 * Tomcat): the routes come from the {@code DispatcherServlet} Boot registers, the application passes
 * the reviewed audit (anonymous requests denied by Spring Security's URL rules and by
 * {@code @PreAuthorize}, every unsafe route refusing a missing and a wrong token of Spring Security's
 * CSRF protection), and a stale public entry and a path variable without an example fail.
 */
class BootSampleTest {

    private static ConfigurableApplicationContext app;
    private static String alice;

    /** The audit as a user of the kit writes it, as a logged-in user too: every unsafe route CSRF-checked. */
    @RegisterExtension
    static RouteAuditExtension routes = new RouteAuditExtension(
            () -> BootSample.reviewedAudit(app).credentials("Cookie", alice));

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        app = BootSampleApp.start();
        alice = BootSample.logIn(app, "alice", "alice-secret");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @TestFactory
    List<DynamicTest> everyRouteIsDecided(RouteAudit audit) {
        return audit.dynamicTests();
    }

    @Test
    void routesAreReadThroughTheDispatcherServletBootRegistersWithTheirMethods() {
        ServletContext ctx = BootSample.servletContext(app);
        // the seam: Boot registers both through its ServletContextInitializer beans, at start
        assertThat(ctx.getServletRegistration("dispatcherServlet").getClassName())
                .isEqualTo("org.springframework.web.servlet.DispatcherServlet");
        assertThat(ctx.getFilterRegistration("springSecurityFilterChain").getUrlPatternMappings())
                .containsExactly("/*");

        List<String> keys = Routes.of(ctx).stream().map(Route::key).toList();
        assertThat(keys).contains("GET /", "GET /login", "GET /account", "POST /account/email", "GET /account/signup",
                "GET /api/status", "GET /api/orders/{id}", "POST /api/orders", "GET /api/reports/export",
                // Boot's own: the error controller answers every method, the resource handlers GET
                "GET /error", "POST /error", "GET /**", "GET /webjars/**");
        // answered by Spring Security's filter chain on /*: no mapping lists them, the test declares them
        assertThat(keys).doesNotContain("POST /login", "POST /logout", "GET /account/email");
        assertThat(BootSample.reviewedAudit(app).routes()).extracting(Route::key)
                .contains("POST /login", "POST /logout");
    }

    @Test
    void shippedAppPassesTheReviewedAudit() {
        assertThat(BootSample.reviewedAudit(app).problems()).isEmpty();
    }

    @Test
    void everyUnsafeRouteRefusesAMissingOrWrongTokenAndAcceptsTheUsersOwn() throws Exception {
        RouteAudit audit = BootSample.reviewedAudit(app).credentials("Cookie", alice);
        assertThat(audit.problems()).isEmpty();
        assertThat(audit.routes()).filteredOn(Route::unsafe).extracting(Route::key)
                .containsExactlyInAnyOrder("POST /account/email", "POST /api/orders", "POST /error", "POST /login",
                        "POST /logout");

        // the positive control: the refusals above are the token check, not something refusing every POST
        String token = BootSample.token(app, alice);
        assertThat(post("/account/email", alice, token).statusCode()).isEqualTo(200);
        assertThat(post("/api/orders", alice, token).body()).startsWith("order ").endsWith(" placed");
        assertThat(post("/api/orders", alice, null).statusCode()).isEqualTo(403);
        assertThat(post("/api/orders", alice, tampered(token)).statusCode()).isEqualTo(403);
    }

    @Test
    void stalePublicEntryFailsNamingIt() {
        List<String> problems = BootSample.reviewedAudit(app).publicRoutes("GET /old-signup").problems();
        assertThat(problems)
                .containsExactly("public list entry \"GET /old-signup\" names no route of the application: remove it");
    }

    @Test
    void pathVariableRouteWithoutAnExampleIsReportedNotSkipped() {
        RouteAudit audit = BootSample.auditWithoutExamples(app).example("/**", "/robots.txt")
                .example("/webjars/**", "/webjars/app.js");
        assertThat(audit.problems()).containsExactly("GET /api/orders/{id} (spring " + BootSampleApp.Api.class.getName()
                + "#order(String)) needs an example path: add .example(\"/api/orders/{id}\", \"/...\")");
        assertThat(failing(audit.dynamicTests())).containsExactly("GET /api/orders/{id} denies anonymous");
    }

    @Test
    void filterRouteIsMethodAndPath() {
        RouteAudit audit = BootSample.reviewedAudit(app);
        assertThatThrownBy(() -> audit.filterRoutes("/login")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a filter route is \"METHOD /path\"; got \"/login\"");
        assertThat(audit.filterRoutes("GET /login").routes()).filteredOn(r -> r.key().equals("GET /login")).hasSize(1);
    }

    /** The names of the dynamic tests that fail, as JUnit would run them. */
    static List<String> failing(List<DynamicTest> tests) {
        return tests.stream().filter(t -> {
            try {
                t.getExecutable().execute();
                return false;
            } catch (AssertionError e) {
                return true;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }).map(DynamicTest::getDisplayName).toList();
    }

    private static HttpResponse<String> post(String path, String cookie, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(BootSample.base(app).resolve(path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(token == null ? "x=1" : "x=1&_csrf=" + token));
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The token with one bit of its first byte flipped (base64url index xor 1), so the unmasked
     * value stays ASCII. A random first character can unmask to bytes that are not UTF-8, and
     * Spring Security 7.0.8's XorCsrfTokenRequestAttributeHandler then throws ("Decoding failed")
     * and the request ends in 500 instead of 403: seen once in a CI run.
     */
    private static String tampered(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(token.charAt(0)) ^ 1) + token.substring(1);
    }
}

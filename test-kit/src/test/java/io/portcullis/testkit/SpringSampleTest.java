package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.csrf.CsrfFilter;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testkit.sample.SampleMvcApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The kit on a Spring MVC application: the routes come from Spring's handler mappings, and a
 * log-in rule that forgot the newly added {@code /reports/export} fails the audit naming it;
 * the same audit passes once the rule is fixed (the positive control).
 */
class SpringSampleTest {

    private static TestServer start(SampleMvcApp.LoginRequired rule) {
        AnnotationConfigWebApplicationContext ctx = new AnnotationConfigWebApplicationContext();
        ctx.register(SampleMvcApp.Config.class);
        TestServer s = ServletContainer.JETTY.builder().filter("login", rule, "/*").filter("csrf", new CsrfFilter(), "/*")
                .servlet("spring", new DispatcherServlet(ctx), "/").start();
        warmUp(s);
        return s;
    }

    /** DispatcherServlet starts on its first request; the kit reads the routes it then publishes. */
    private static void warmUp(TestServer s) {
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(s.http("/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RouteAudit audit(TestServer s) {
        return RouteAudit.of(s.http(), s.servletContext())
                .publicRoutes("GET /", "GET /login", "POST /login")
                .example("/users/{id}", "/users/42")
                .loginPage("/login")
                .tokenPage("/login");
    }

    @Test
    void routesAreReadFromSpringHandlerMappingsWithTheirMethods() {
        try (TestServer s = start(SampleMvcApp.LoginRequired.fixed())) {
            assertThat(Routes.of(s.servletContext())).extracting(Route::key).contains("GET /", "GET /login", "POST /login",
                    "GET /account", "POST /account/email", "GET /users/{id}", "GET /reports/export").doesNotContain("GET /account/email");
        }
    }

    @Test
    void forgottenLoginRuleOnANewRouteFailsNamingIt() {
        try (TestServer s = start(SampleMvcApp.LoginRequired.asShipped())) {
            List<String> problems = audit(s).problems();
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).startsWith("GET /reports/export (spring ").contains("answered 200 to an anonymous request");
            assertThatThrownBy(() -> audit(s).verify()).isInstanceOf(AssertionError.class).hasMessageContaining("GET /reports/export");
        }
    }

    @Test
    void fixedLoginRulePassesTheSameAudit() {
        try (TestServer s = start(SampleMvcApp.LoginRequired.fixed())) {
            assertThat(audit(s).problems()).isEmpty();
        }
    }

    /**
     * The log-in rule as this sample first had it, on the raw request URI: Spring MVC answered the
     * account pages at {@code /%61ccount} to anyone. The kit's spelling check names each such route;
     * the rule on the routed path passes the same audit ({@link #fixedLoginRulePassesTheSameAudit}).
     */
    @Test
    void loginRuleOnTheRawUriFailsForTheSpellingSpringStillRoutes() {
        try (TestServer s = start(SampleMvcApp.LoginRequired.fixedOnTheRawUri())) {
            List<String> problems = audit(s).problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET /account (spring ")
                    .contains("denies an anonymous request at /account but answered 200 at /%61ccount,"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /account/email (spring ")
                    .contains("answered 200 at /%61ccount/email"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET /reports/export (spring ")
                    .contains("answered 200 at /%72eports/export"));
        }
    }

    @Test
    void publicUnsafeRouteWithoutTheCsrfFilterFails() {
        AnnotationConfigWebApplicationContext ctx = new AnnotationConfigWebApplicationContext();
        ctx.register(SampleMvcApp.Config.class);
        try (TestServer s = ServletContainer.JETTY.builder().filter("login", SampleMvcApp.LoginRequired.fixed(), "/*")
                .servlet("spring", new DispatcherServlet(ctx), "/").start()) {
            warmUp(s);
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "GET /login", "POST /login")
                    .example("/users/{id}", "/users/42").loginPage("/login").problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /login").contains("without a CSRF token"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /login").contains("wrong CSRF token"));
        }
    }
}

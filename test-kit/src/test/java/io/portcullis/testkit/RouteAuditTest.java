package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kit on a plain servlet application, on Jetty and Tomcat: each failure it reports beside the passing control. */
class RouteAuditTest {

    private static RouteAudit reviewed(TestServer s) {
        RouteAudit a = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "GET /login", "POST /login")
                .example("*.do", "/delete.do").loginPage("/login").tokenPage("/login");
        return a;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletMappingsAreTheRoutesEachTriedWithGetAndPost(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            assertThat(Routes.of(s.servletContext())).extracting(Route::key)
                    .contains("GET /", "POST /", "GET /login", "POST /login", "GET /admin/*", "POST /admin/*", "GET *.do", "POST *.do");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void reviewedApplicationPasses(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            assertThat(reviewed(s).problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void routeWithoutADecisionFailsNamingIt(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "POST /login")
                    .example("*.do", "/delete.do").loginPage("/login").tokenPage("/login").problems();
            assertThat(problems).singleElement().asString()
                    .startsWith("GET /login (servlet login) answered 200 to an anonymous request at /login");
        }
    }

    /**
     * A log-in rule that reads {@code getRequestURI()} denies {@code /admin/x} but lets
     * {@code /%61dmin/x} and {@code /admin;p/x} through to the admin servlet: the route is open to
     * anyone who spells it so. The kit tries those spellings of every denied route and fails naming
     * the route; the same audit passes the rule that matches the routed path (control).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void routeDeniedOnlyAsSpelledInTheMappingFailsNamingTheSpellingThatGetsIn(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true, true)) {
            List<String> problems = reviewed(s).problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET /admin/* (servlet admin) denies an anonymous request"
                    + " at /admin/portcullis-probe but answered 200 at /%61dmin/portcullis-probe"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /admin/* (servlet admin) denies"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET *.do (servlet actions) denies an anonymous request"
                    + " at /delete.do but answered 200 at /delete.do;portcullis-probe"));
        }
        try (TestServer s = ServletApp.start(c, true, false)) {
            assertThat(reviewed(s).problems()).isEmpty();
        }
    }

    /** A servlet with a {@code doDelete}: the log-in rule names GET and POST, as a security constraint often does. */
    static final class Items extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                throws java.io.IOException {
            resp.getWriter().print("items");
        }

        @Override
        protected void doDelete(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                throws java.io.IOException {
            resp.getWriter().print("deleted");
        }
    }

    /** Sends anonymous requests with one of {@code methods} under /items to /login. */
    static jakarta.servlet.Filter loginFor(String... methods) {
        return (req, res, chain) -> {
            var r = (jakarta.servlet.http.HttpServletRequest) req;
            if (List.of(methods).contains(r.getMethod()) && r.getServletPath().startsWith("/items")
                    && !"alice".equals(r.getHeader("Authorization"))) {
                ((jakarta.servlet.http.HttpServletResponse) res).sendRedirect("/login");
                return;
            }
            chain.doFilter(req, res);
        };
    }

    /**
     * Verb tampering: the kit tried servlet mappings with GET and POST only, so a {@code doDelete}
     * left open by a rule naming GET and POST passed. The methods a servlet declares handlers for
     * are routes now; the rule covering every method passes (control).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void methodAServletHandlesButTheLoginRuleForgetsFailsNamingIt(ServletContainer c) {
        try (TestServer s = c.builder().filter("login", loginFor("GET", "POST"), "/*").servlet("items", new Items(), "/items/*")
                .servlet("login", new ServletApp.Page(), "/login").start()) {
            assertThat(Routes.of(s.servletContext())).extracting(Route::key).contains("GET /items/*", "POST /items/*",
                    "DELETE /items/*").doesNotContain("PUT /items/*", "DELETE /login");
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login").loginPage("/login").problems();
            assertThat(problems).containsExactly("DELETE /items/* (servlet items) answered 200 to an anonymous request at"
                    + " /items/portcullis-probe: protect it, or add \"DELETE /items/*\" to the reviewed public routes");
        }
        try (TestServer s = c.builder().filter("login", loginFor("GET", "POST", "DELETE"), "/*").servlet("items", new Items(), "/items/*")
                .servlet("login", new ServletApp.Page(), "/login").start()) {
            assertThat(RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login").loginPage("/login").problems()).isEmpty();
        }
    }

    /**
     * The same slip with a servlet that overrides {@code service} (every method is handled, none is
     * declared): the kit asks PUT, DELETE and PATCH of every denied route and names the one that
     * gets in; the rule on every method passes (control).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void handlerTakingEveryMethodBehindAGetPostRuleFailsNamingTheMethod(ServletContainer c) {
        try (TestServer s = c.builder().filter("login", loginFor("GET", "POST"), "/*").servlet("items", new ServletApp.Page(), "/items/*")
                .servlet("login", new ServletApp.Page(), "/login").start()) {
            assertThat(Routes.of(s.servletContext())).extracting(Route::key).doesNotContain("DELETE /items/*");
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login").loginPage("/login").problems();
            assertThat(problems).contains("GET /items/* (servlet items) denies an anonymous request, but DELETE"
                    + " /items/portcullis-probe answered 200 to one: the log-in rule names methods and the handler takes DELETE"
                    + " too; protect every method of the route");
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET /items/*").contains("but PUT"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /items/*").contains("but PATCH"));
        }
        try (TestServer s = c.builder().filter("login", loginFor("GET", "POST", "PUT", "DELETE", "PATCH"), "/*")
                .servlet("items", new ServletApp.Page(), "/items/*").servlet("login", new ServletApp.Page(), "/login").start()) {
            assertThat(RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login").loginPage("/login").problems()).isEmpty();
        }
    }

    /**
     * A CSRF check that verifies a token's form but not whose it is (here: any 86-character
     * base64url value, as a check of a server signature alone would): the kit's constant wrong
     * token fails the form, so only a token issued to another visitor shows it. Portcullis'
     * filter, binding the token to the client's cookie or session, passes the same audit (control).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void csrfCheckNotBindingTheTokenToItsVisitorFailsWithAnotherVisitorsToken(ServletContainer c) {
        jakarta.servlet.Filter shapeOnly = (req, res, chain) -> {
            var r = (jakarta.servlet.http.HttpServletRequest) req;
            String t = r.getHeader("X-CSRF-Token");
            if (r.getMethod().equals("POST") && (t == null || !t.matches("[A-Za-z0-9_-]{86}"))) {
                ((jakarta.servlet.http.HttpServletResponse) res).sendError(403);
                return;
            }
            chain.doFilter(req, res);
        };
        try (TestServer s = c.builder().filter("shape", shapeOnly, "/*").filter("csrf", new io.portcullis.csrf.CsrfFilter(
                io.portcullis.csrf.CsrfPolicy.builder().exemptPaths(List.of("/*")).build()), "/*")
                .servlet("home", new ServletApp.Page(), "").servlet("login", new ServletApp.Page(), "/login").start()) {
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "GET /login",
                    "POST /login").tokenPage("/login").problems();
            assertThat(problems).contains("POST / (servlet home) answered 200 to a request carrying another visitor's CSRF"
                    + " token at /: the token is not bound to the session or cookie it was issued to");
            assertThat(problems).noneSatisfy(p -> assertThat(p).contains("wrong CSRF token"));
        }
        try (TestServer s = c.builder().filter("csrf", new io.portcullis.csrf.CsrfFilter(), "/*")
                .servlet("home", new ServletApp.Page(), "").servlet("login", new ServletApp.Page(), "/login").start()) {
            assertThat(RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "GET /login", "POST /login")
                    .tokenPage("/login").problems()).isEmpty();
        }
    }

    /** Acts for anyone, then redirects (post/redirect/get) to a page whose path begins like the log-in page's. */
    static final class ActThenRedirect extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                throws java.io.IOException {
            resp.sendRedirect("/login-history?done=1");
        }
    }

    /** A redirect counts as denied only to the log-in page (any query) or below it, not to a look-alike path. */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void redirectToAPathThatOnlyBeginsLikeTheLoginPageIsNotADenial(ServletContainer c) {
        try (TestServer s = c.builder().servlet("act", new ActThenRedirect(), "/act").servlet("login", new ServletApp.Page(), "/login")
                .start()) {
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login", "POST /act").loginPage("/login").problems();
            assertThat(problems).containsExactly(
                    "GET /act (servlet act) answered 302 to an anonymous request at /act: protect it, or add \"GET /act\" to the"
                            + " reviewed public routes",
                    "POST /act (servlet act) answered 302 to an anonymous request at /act: protect it, or add \"POST /act\" to the"
                            + " reviewed public routes");
            // control: the same redirect counts when its target is the log-in page
            assertThat(RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /login", "POST /login")
                    .csrfExempt("POST /login", "POST /act").loginPage("/login-history").problems()).isEmpty();
        }
    }

    @Test
    void spellingsAreTheFirstLetterEncodedAndAPathParameterOnTheFirstSegment() {
        assertThat(RouteAudit.spellings("/admin/portcullis-probe")).containsExactly("/%61dmin/portcullis-probe",
                "/admin;portcullis-probe/portcullis-probe");
        assertThat(RouteAudit.spellings("/delete.do")).containsExactly("/%64elete.do", "/delete.do;portcullis-probe");
        assertThat(RouteAudit.spellings("/1x/y?a=b")).containsExactly("/1%78/y?a=b", "/1x;portcullis-probe/y?a=b");
        assertThat(RouteAudit.spellings("/")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void stalePublicEntryAndStaleExampleFail(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            List<String> problems = reviewed(s).publicRoutes("GET /old-signup").example("/gone/{id}", "/gone/1").problems();
            assertThat(problems).containsExactly(
                    "public list entry \"GET /old-signup\" names no route of the application: remove it",
                    "example for \"/gone/{id}\" names no route pattern of the application: remove it");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void routeNeedingAnExampleIsReportedNotSkipped(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "GET /login", "POST /login")
                    .loginPage("/login").tokenPage("/login").problems();
            assertThat(problems).containsExactly(
                    "GET *.do (servlet actions) needs an example path: add .example(\"*.do\", \"/...\")",
                    "POST *.do (servlet actions) needs an example path: add .example(\"*.do\", \"/...\")");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anonymousDenialThatIsOnlyTheCsrfFilterIsNotTakenForALoginRule(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, true)) {
            // without tokenPage the kit cannot tell a 403 of the CSRF filter from a log-in rule; it says so
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "GET /login", "POST /login", "POST /")
                    .example("*.do", "/delete.do").loginPage("/login").deniedStatuses(401, 403).problems();
            assertThat(problems).isEmpty();
            List<String> noRedirect = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "GET /login", "POST /login")
                    .example("*.do", "/delete.do").deniedStatuses(401, 403).problems();
            assertThat(noRedirect).anySatisfy(p -> assertThat(p).startsWith("POST / (servlet home) was refused by the CSRF check"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void unsafeRoutesWithoutTheCsrfFilterFailForAnonymousAndLoggedInUsers(ServletContainer c) {
        try (TestServer s = ServletApp.start(c, false)) {
            List<String> problems = RouteAudit.of(s.http(), s.servletContext()).publicRoutes("GET /", "POST /", "GET /login", "POST /login")
                    .example("*.do", "/delete.do").loginPage("/login").credentials("Authorization", "alice").problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /login (servlet login) answered 200 to a request"
                    + " without a CSRF token"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("POST /admin/* (servlet admin) answered 200 to a request"
                    + " with a wrong CSRF token"));
        }
        try (TestServer s = ServletApp.start(c, true)) {
            assertThat(reviewed(s).credentials("Authorization", "alice").problems()).isEmpty();
        }
    }
}

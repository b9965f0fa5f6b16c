package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import io.portcullis.testkit.RouteAudit;

/**
 * "Fail when not logged in": every route comes from the app's own {@link RouteTable}, not a
 * hand-copied list. Each protection is shown failing for the attacker next to a positive
 * control for a legitimate user under the same configuration.
 */
class RouteTableTest {

    /**
     * The routes reviewed as safe to serve to anyone. A new route that is PUBLIC without being
     * added here fails {@link #publicRoutesAreExactlyTheReviewedOnes()}.
     */
    private static final Set<String> REVIEWED_PUBLIC = Set.of(
            "GET /", "GET /signup", "POST /signup", "GET /login", "POST /login", "GET /s/{token}",
            "GET /favicon.ico",
            // as-you-type password feedback for the sign-up form: CSRF-checked, computes locally, echoes nothing
            "POST /password/check");

    private static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    private static List<Route> routes() {
        List<Route> all = demo.server.routes().routes();
        assertThat(all).hasSizeGreaterThan(10);
        return all;
    }

    private static String key(Route r) {
        return r.method() + " " + r.path();
    }

    /** A concrete path for a route; parameters get values nobody owns. */
    private static String path(Route r) {
        Map<String, String> values = new HashMap<>();
        for (String p : r.parameters()) {
            values.put(p, "unknown0" + p);
        }
        return r.expand(values);
    }

    @Test
    void routeWithoutProtectionDecisionCannotBeRegistered() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> new Route(HttpMethod.GET, "/new", null, false, x -> { }))
                .withMessageContaining("GET /new has no protection decision");
    }

    @Test
    void routeTableWithNewUndecidedRouteCannotBeBuilt() {
        List<Route> extended = new ArrayList<>(routes());
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> {
            extended.add(new Route(HttpMethod.POST, "/admin", null, false, x -> { }));
            RouteTable.of(extended);
        });
    }

    @Test
    void everyRouteHasADecision() {
        for (Route r : routes()) {
            assertThat(r.protection()).as(key(r)).isNotNull();
        }
    }

    @Test
    void publicRoutesAreExactlyTheReviewedOnes() {
        Set<String> actual = routes().stream().filter(r -> r.protection() == Protection.PUBLIC)
                .map(RouteTableTest::key).collect(Collectors.toSet());
        assertThat(actual).isEqualTo(REVIEWED_PUBLIC);
    }

    // "anonymous is denied on every protected route" is asked by the test kit below
    // (everyRouteIsDecidedPerTheTestKit): 303 to /login, or 403 for an unsafe route even with a valid
    // anonymous token, for every route of the table outside the reviewed public list.

    @TestFactory
    List<DynamicTest> loggedInUserPassesTheLoginCheckOnEveryProtectedGetRoute() {
        WebClient user = demo.newUser();
        List<DynamicTest> tests = new ArrayList<>();
        for (Route r : routes()) {
            if (r.protection() != Protection.LOGIN_REQUIRED || r.method() != HttpMethod.GET) {
                continue;
            }
            tests.add(dynamicTest("logged-in " + key(r) + " not sent to login", () -> {
                HttpResponse<String> resp = user.get(path(r));
                assertThat(resp.headers().firstValue("Location").orElse("")).doesNotStartWith("/login");
                // routes with an id we do not own answer 404; the others answer the page
                assertThat(resp.statusCode()).as(key(r)).isEqualTo(r.parameters().isEmpty() ? 200 : 404);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyUnsafeRouteRefusesMissingOrWrongCsrfToken() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route r : routes()) {
            if (r.method().safe()) {
                continue;
            }
            tests.add(dynamicTest(key(r) + " without token 403", () -> {
                WebClient user = demo.newUser();
                HttpResponse<String> resp = r.acceptsFiles()
                        ? user.postFile(path(r), Map.of(), "a.txt", "text/plain", "hello".getBytes())
                        : user.post(path(r), Map.of("username", "x", "password", "y"));
                assertThat(resp.statusCode()).as(key(r)).isEqualTo(403);
                assertThat(resp.body()).contains("\"code\":\"CSRF_TOKEN_MISSING\"");
            }));
            tests.add(dynamicTest(key(r) + " with another session's token 403", () -> {
                WebClient user = demo.newUser();
                String foreign = demo.https().csrfFrom("/login");
                HttpResponse<String> resp = r.acceptsFiles()
                        ? user.postFile(path(r), Map.of("csrf", foreign), "a.txt", "text/plain", "hello".getBytes())
                        : user.post(path(r), Map.of("csrf", foreign));
                assertThat(resp.statusCode()).as(key(r)).isEqualTo(403);
                assertThat(resp.body()).contains("\"code\":\"CSRF_TOKEN_INVALID\"");
            }));
            tests.add(dynamicTest(key(r) + " with its own token passes the CSRF check", () -> {
                WebClient user = demo.newUser();
                String own = user.csrfFrom("/account");
                HttpResponse<String> resp = r.acceptsFiles()
                        ? user.postFile(path(r), Map.of("csrf", own), "a.txt", "text/plain", "hello".getBytes())
                        : user.post(path(r), Map.of("csrf", own));
                assertThat(resp.body()).as(key(r)).doesNotContain("CSRF_", "ORIGIN_MISMATCH", "CROSS_SITE_REQUEST");
                assertThat(resp.statusCode()).as(key(r)).isNotEqualTo(403);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(3 * 4);
        return tests;
    }

    @Test
    void pathOutsideTheTableIs404() {
        HttpResponse<String> resp = demo.newUser().get("/admin");
        assertThat(resp.statusCode()).isEqualTo(404);
        assertThat(resp.body()).doesNotContain("Exception");
    }

    @Test
    void unknownMethodOnKnownPathIs405WithAllow() {
        WebClient user = demo.newUser();
        HttpResponse<String> resp = user.send(java.net.http.HttpRequest.newBuilder(user.base.resolve("/account"))
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(resp.statusCode()).isEqualTo(405);
        assertThat(resp.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void loginRotatesSessionId() {
        WebClient c = demo.https();
        String name = DemoFixture.newName();
        c.signUp(name, DemoFixture.password());
        c.post("/logout", Map.of("csrf", c.csrfFrom("/account")));
        c.get("/login");
        String before = sessionCookie(c);
        HttpResponse<String> resp = c.logIn(name, DemoFixture.password());
        assertThat(resp.statusCode()).isEqualTo(303);
        assertThat(sessionCookie(c)).isNotEqualTo(before);
    }

    @Test
    void wrongPasswordIs401AndRightPasswordLogsIn() {
        WebClient c = demo.https();
        String name = DemoFixture.newName();
        c.signUp(name, DemoFixture.password());
        WebClient other = demo.https();
        assertThat(other.logIn(name, "wrong password!").statusCode()).isEqualTo(401);
        assertThat(other.get("/account").statusCode()).isEqualTo(303);
        assertThat(other.logIn(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        assertThat(other.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void loginNextCannotLeaveTheSite() {
        WebClient c = demo.https();
        String name = DemoFixture.newName();
        c.signUp(name, DemoFixture.password());
        for (String next : List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "/files/../../x")) {
            WebClient other = demo.https();
            HttpResponse<String> resp = other.post("/login", Map.of("csrf", other.csrfFrom("/login"),
                    "username", name, "password", DemoFixture.password(), "next", next));
            assertThat(resp.headers().firstValue("Location")).as(next).hasValue("/account");
        }
    }

    private static String sessionCookie(WebClient c) {
        return c.cookies.getCookieStore().getCookies().stream().map(Object::toString)
                .collect(Collectors.joining(";"));
    }

    /**
     * The same question asked with Portcullis' test kit ({@code portcullis-test}), as users ask it
     * of their own apps: every route of the demo's table outside the reviewed public list denies an
     * anonymous request (303 to /login, or 403 for an unsafe one even with a valid anonymous token),
     * every unsafe public route refuses a missing and a wrong CSRF token, and a stale public entry
     * or a route with a parameter but no example fails.
     */
    @TestFactory
    List<DynamicTest> everyRouteIsDecidedPerTheTestKit() {
        WebClient client = demo.https();
        List<io.portcullis.testkit.Route> table = routes().stream()
                .map(r -> new io.portcullis.testkit.Route(r.method().name(), r.path(), "demo RouteTable")).toList();
        RouteAudit audit = RouteAudit.of(client.base, table).client(client.http)
                .publicRoutes(REVIEWED_PUBLIC.toArray(String[]::new))
                .loginPage("/login").tokenPage("/login").csrfNames(DemoApplication.CSRF_FIELD, "X-CSRF-Token");
        for (Route r : routes()) {
            if (!r.parameters().isEmpty()) {
                audit.example(r.path(), path(r));
            }
        }
        return audit.dynamicTests();
    }
}

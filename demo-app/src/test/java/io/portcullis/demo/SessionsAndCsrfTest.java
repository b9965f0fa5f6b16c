package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No session for anonymous visitors (a flood of GETs costs no memory), the signed double-submit
 * CSRF token of anonymous forms, and the idle timeout of logged-in sessions.
 */
class SessionsAndCsrfTest {

    private static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start(c -> c.withSessionIdle(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static boolean setsSession(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().anyMatch(v -> v.startsWith("JSESSIONID="));
    }

    @Test
    void anonymousPagesNeverCreateASessionButLogInDoes() {
        for (int i = 0; i < 50; i++) {
            WebClient anonymous = demo.https(); // a new client each time, as a flood would be
            for (String path : List.of("/", "/login", "/signup", "/favicon.ico", "/s/" + "0".repeat(32), "/nope")) {
                assertThat(setsSession(anonymous.get(path))).as(path).isFalse();
            }
        }
        WebClient c = demo.https();
        HttpResponse<String> signUp = c.signUp(DemoFixture.newName(), DemoFixture.password());
        assertThat(setsSession(signUp)).as("control: signing up starts a session").isTrue();
    }

    @Test
    void anonymousFormNeedsTheTokenSignedForItsOwnCookie() {
        WebClient c = demo.https();
        String token = c.csrfFrom("/signup");
        WebClient other = demo.https();
        String otherToken = other.csrfFrom("/signup");

        // another visitor's token with my cookie: 403
        HttpResponse<String> swapped = c.post("/signup", Map.of("csrf", otherToken, "username", DemoFixture.newName(),
                "password", DemoFixture.password()));
        assertThat(swapped.statusCode()).isEqualTo(403);
        assertThat(swapped.body()).contains("\"code\":\"CSRF_TOKEN_INVALID\"");

        // the right token without the cookie (what a cross-site form could send): 403
        WebClient noCookie = demo.https();
        HttpResponse<String> bare = noCookie.post("/signup", Map.of("csrf", token, "username", DemoFixture.newName(),
                "password", DemoFixture.password()));
        assertThat(bare.statusCode()).isEqualTo(403);

        // a cross-site POST is refused before its body is read (Fetch Metadata)
        HttpResponse<String> cross = c.send(java.net.http.HttpRequest.newBuilder(c.base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + token)).build());
        assertThat(cross.statusCode()).isEqualTo(403);

        // control: my token with my cookie
        HttpResponse<String> ok = c.post("/signup", Map.of("csrf", token, "username", DemoFixture.newName(),
                "password", DemoFixture.password()));
        assertThat(ok.statusCode()).isEqualTo(303);
    }

    @Test
    void tokenFromBeforeLogInIsRefusedAfterItAndTheNewOneIsAccepted() {
        WebClient c = demo.https();
        String name = DemoFixture.newName();
        assertThat(c.signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        assertThat(c.post("/logout", Map.of("csrf", c.csrfFrom("/account"))).statusCode()).isEqualTo(303);
        String anonymous = c.csrfFrom("/login"); // signed by the anonymous cookie, still valid for the log-in itself
        assertThat(c.post("/login", Map.of("csrf", anonymous, "username", name, "password", DemoFixture.password(),
                "next", "/account")).statusCode()).isEqualTo(303);
        // log-in rotated the token: the one rendered before it (perhaps planted with its cookie) no longer passes
        HttpResponse<String> stale = c.post("/logout", Map.of("csrf", anonymous));
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(stale.body()).contains("\"code\":\"CSRF_TOKEN_INVALID\"");
        assertThat(c.get("/account").statusCode()).as("still logged in").isEqualTo(200);
        // control: the token rendered after log-in
        assertThat(c.post("/logout", Map.of("csrf", c.csrfFrom("/account"))).statusCode()).isEqualTo(303);
    }

    @Test
    void loggedInSessionEndsAfterItsIdleTimeoutAndActiveOneLasts() throws Exception {
        WebClient idle = demo.newUser();
        WebClient active = demo.newUser();
        assertThat(idle.get("/account").statusCode()).isEqualTo(200);
        for (int i = 0; i < 16; i++) { // 8 s in all, a request every half second: the active session lives on
            Thread.sleep(500);
            assertThat(active.get("/account").statusCode()).as("active after " + (i + 1) / 2.0 + " s").isEqualTo(200);
        }
        HttpResponse<String> expired = idle.get("/account");
        assertThat(expired.statusCode()).isEqualTo(303);
        assertThat(expired.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
    }
}

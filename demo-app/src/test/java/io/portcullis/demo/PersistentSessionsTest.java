package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logged-in sessions live in {@code demo.db} (Jetty's JDBC session store on the demo's SQLite):
 * a restart on the same data directory keeps users logged in, while a session that was logged
 * out or whose idle time ran out while the demo was down never comes back.
 */
class PersistentSessionsTest {

    private Path dir;
    private DemoServer server;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("portcullis-demo-sessions");
        server = DemoServer.start(DemoConfig.defaults(dir).withPorts(0, 0));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            DemoFixture.deleteTree(dir);
        }
    }

    private void restart() throws Exception {
        server.close();
        server = null;
        server = DemoServer.start(DemoConfig.defaults(dir).withPorts(0, 0));
    }

    private WebClient client() {
        return new WebClient(server.httpsUri(), server.certificatePem());
    }

    /** A browser of the restarted demo that still holds {@code sessionId} (cookies do not depend on the port). */
    private WebClient clientWithSession(String sessionId) {
        WebClient c = client();
        HttpCookie cookie = new HttpCookie("JSESSIONID", sessionId);
        cookie.setPath("/");
        cookie.setSecure(true);
        cookie.setVersion(0);
        c.cookies.getCookieStore().add(server.httpsUri(), cookie);
        return c;
    }

    private static String sessionId(WebClient c) {
        return c.cookies.getCookieStore().getCookies().stream().filter(k -> k.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no session cookie"));
    }

    private WebClient loggedIn(String name) {
        WebClient c = client();
        assertThat(c.signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        assertThat(c.get("/account").body()).contains(name);
        return c;
    }

    /** Rows of the session table for the id in a cookie ({@code <id>.<node>}: Jetty stores the id without the node). */
    private int rows(String cookieValue) throws Exception {
        String id = cookieValue.contains(".") ? cookieValue.substring(0, cookieValue.indexOf('.')) : cookieValue;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM sessions WHERE sessionId = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void loggedInUserStaysLoggedInAcrossARestartOnTheSameDataDirectory() throws Exception {
        String name = DemoFixture.newName();
        String session = sessionId(loggedIn(name));
        assertThat(rows(session)).as("the log-in wrote the session row").isEqualTo(1);

        restart();

        WebClient same = clientWithSession(session);
        HttpResponse<String> account = same.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains(name);
        // the session's CSRF token came back too: an unsafe request with it works (log-out)
        String token = WebClient.csrf(account.body());
        assertThat(same.post("/logout", Map.of("csrf", token)).statusCode()).isEqualTo(303);

        // control: a session id the demo never issued is not logged in
        HttpResponse<String> stranger = clientWithSession("node0" + "a".repeat(24) + ".node0").get("/account");
        assertThat(stranger.statusCode()).isEqualTo(303);
        assertThat(stranger.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
    }

    @Test
    void loggedOutSessionIsDeletedFromTheStoreAndDoesNotComeBackAfterARestart() throws Exception {
        WebClient out = loggedIn(DemoFixture.newName());
        String outSession = sessionId(out);
        WebClient stays = loggedIn(DemoFixture.newName());
        String staysSession = sessionId(stays);

        String token = WebClient.csrf(out.get("/account").body());
        assertThat(out.post("/logout", Map.of("csrf", token)).statusCode()).isEqualTo(303);
        assertThat(rows(outSession)).as("log-out removed the row at once").isZero();
        assertThat(rows(staysSession)).as("control: the other session's row is there").isEqualTo(1);

        restart();

        assertThat(clientWithSession(outSession).get("/account").statusCode()).isEqualTo(303);
        assertThat(clientWithSession(staysSession).get("/account").statusCode()).as("control").isEqualTo(200);
    }

    @Test
    void sessionWhoseIdleTimeRanOutWhileTheDemoWasDownDoesNotComeBack() throws Exception {
        String expired = sessionId(loggedIn(DemoFixture.newName()));
        String fresh = sessionId(loggedIn(DemoFixture.newName()));
        server.close();
        server = null;
        // the demo is down for longer than the idle timeout of one session: its stored expiry is in the past
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
                PreparedStatement s = c.prepareStatement(
                        "UPDATE sessions SET expiryTime = ?, accessTime = ?, lastAccessTime = ? WHERE sessionId = ?")) {
            long past = System.currentTimeMillis() - 31 * 60_000L;
            s.setLong(1, past + 30 * 60_000L - 1000);
            s.setLong(2, past);
            s.setLong(3, past);
            s.setString(4, expired.substring(0, expired.indexOf('.')));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        server = DemoServer.start(DemoConfig.defaults(dir).withPorts(0, 0));

        HttpResponse<String> gone = clientWithSession(expired).get("/account");
        assertThat(gone.statusCode()).isEqualTo(303);
        assertThat(rows(expired)).as("asked for after its expiry: deleted").isZero();
        assertThat(clientWithSession(fresh).get("/account").statusCode()).as("control: within its idle time")
                .isEqualTo(200);
    }
}

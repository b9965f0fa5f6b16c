package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.TrustingClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flood that used to end in {@code OutOfMemoryError}: the demo in its own JVM with a
 * 96 MiB heap, anonymous GETs of the pages that once created a session (log-in, sign-up, the
 * home page with its log-in form) from 16 cookie-less clients, while two logged-in users keep
 * using their sessions and failed log-ins are posted. No session is created for anyone
 * anonymous, the process does not run out of memory, and it keeps answering.
 */
@Timeout(300)
class SessionFloodTest {

    @TempDir
    Path data;

    private static final List<String> JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1");
    private static final int FLOODERS = 16;
    private static final int REQUESTS_PER_FLOODER = 100;
    private static final int ACCOUNT_REQUESTS = 10;

    private static boolean setsSession(HttpResponse<?> r) {
        return r.headers().allValues("set-cookie").stream().anyMatch(v -> v.startsWith("JSESSIONID="));
    }

    @Test
    void anonymousFloodAtASmallHeapCreatesNoSessionAndTheDemoKeepsAnswering() throws Exception {
        try (ForkedDemo demo = ForkedDemo.start(data, JVM)) {
            List<WebClient> users = List.of(demo.client(), demo.client());
            for (WebClient u : users) {
                HttpResponse<String> signUp = u.signUp(DemoFixture.newName(), DemoFixture.password());
                assertThat(signUp.statusCode()).isEqualTo(303);
                assertThat(setsSession(signUp)).as("control: the detector sees a session being created").isTrue();
            }

            // cookie-less: every request is a new visitor, as in the flood that broke 0.1.0
            HttpClient anonymous = HttpClient.newBuilder().sslContext(TrustingClient.sslContext(demo.pem))
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger sessions = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS + users.size());
            List<Future<?>> running = new ArrayList<>();
            List<String> pages = List.of("/login", "/signup", "/", "/login?next=%2Faccount");
            for (int f = 0; f < FLOODERS; f++) {
                int flooder = f;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_FLOODER; i++) {
                        String page = pages.get((flooder + i) % pages.size());
                        try {
                            HttpResponse<Void> r = anonymous.send(HttpRequest.newBuilder(demo.https.resolve(page))
                                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding());
                            requests.incrementAndGet();
                            if (setsSession(r)) {
                                sessions.incrementAndGet();
                            }
                            if (r.statusCode() != 200) {
                                failures.add(page + " -> " + r.statusCode());
                            }
                        } catch (Exception e) {
                            failures.add(page + " -> " + e);
                        }
                    }
                    return null;
                }));
            }
            // logged-in traffic beside it: each user keeps using its session, and posts a failed log-in
            AtomicInteger loggedIn = new AtomicInteger();
            for (WebClient u : users) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < ACCOUNT_REQUESTS; i++) {
                        HttpResponse<String> account = u.get("/account");
                        if (account.statusCode() == 200) {
                            loggedIn.incrementAndGet();
                        }
                        if (i % 5 != 0) {
                            continue; // a failed log-in now and then (each costs a password hash)
                        }
                        HttpResponse<String> wrong = demo.client().logIn("nobody-" + i, "not the password at all");
                        if (wrong.statusCode() != 401 && wrong.statusCode() != 429 || setsSession(wrong)) {
                            failures.add("failed log-in -> " + wrong.statusCode() + " " + wrong.headers().allValues("set-cookie"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(4, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(demo.process.isAlive()).as(demo.output()).isTrue();
            assertThat(demo.output()).doesNotContain("OutOfMemoryError");
            assertThat(failures).as("every flood request answered 200").isEmpty();
            assertThat(requests.get()).isEqualTo(FLOODERS * REQUESTS_PER_FLOODER);
            assertThat(sessions.get()).as("sessions created by anonymous pages").isZero();
            assertThat(loggedIn.get()).as("logged-in users kept their sessions").isEqualTo(2 * ACCOUNT_REQUESTS);
            assertThat(storedSessions()).as("the session table holds the two log-ins, nothing else").isEqualTo(2);

            // control: after the flood, a request and a whole sign-up still work
            assertThat(demo.client().get("/").statusCode()).isEqualTo(200);
            assertThat(demo.client().signUp(DemoFixture.newName(), DemoFixture.password()).statusCode()).isEqualTo(303);
            assertThat(storedSessions()).isEqualTo(3);
        }
    }

    private long storedSessions() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE));
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM sessions")) {
            r.next();
            return r.getLong(1);
        }
    }
}

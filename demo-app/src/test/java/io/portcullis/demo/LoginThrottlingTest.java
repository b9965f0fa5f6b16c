package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Password guessing over real HTTPS: after {@value #LIMIT} failed log-ins for an account or
 * from one client address, further attempts get 429 with Retry-After and cost no PBKDF2 hash
 * (counted by {@link Users#hashCount()}), even with the right password. Positive controls:
 * another account from another address, the window passing (moved clock), a success resetting
 * the account. {@code direct} has no trusted proxy (the test client is an untrusted peer, so
 * its X-Forwarded-For is ignored); {@code proxied} trusts 127.0.0.1, so X-Forwarded-For stands
 * for distinct clients there.
 */
class LoginThrottlingTest {

    private static final int LIMIT = ThrottleLimits.defaults().accountFailures();
    /** The address budget of the {@code direct} fixture: larger than the account's, as in the defaults (50). */
    private static final int ADDRESS_LIMIT = 8;
    private static final String WRONG = "wrong password!";

    private static MutableClock directClock;
    private static MutableClock proxiedClock;
    private static DemoFixture direct;
    private static DemoFixture proxied;
    private static int addresses;

    @BeforeAll
    static void start() throws Exception {
        directClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        proxiedClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        direct = DemoFixture.start(c -> c, directClock,
                ThrottleLimits.defaults().withSignupAttempts(2).withAddressFailures(ADDRESS_LIMIT));
        proxied = DemoFixture.start(c -> c.withTrustedProxies(java.util.List.of("127.0.0.1/32")), proxiedClock,
                ThrottleLimits.defaults().withAddressFailures(ADDRESS_LIMIT));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (direct != null) {
                direct.close();
            }
        } finally {
            if (proxied != null) {
                proxied.close();
            }
        }
    }

    /** Every test starts with all windows over, so counts from other tests do not leak in. */
    @BeforeEach
    void freshWindows() {
        directClock.advance(Duration.ofHours(2));
        proxiedClock.advance(Duration.ofHours(2));
    }

    private static String newAccount(DemoFixture demo) {
        String name = DemoFixture.newName();
        assertThat(demo.https().signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        return name;
    }

    /** A fresh client address, told to the app through X-Forwarded-For. */
    private static String nextAddress() {
        addresses++;
        return "198.51.100." + addresses;
    }

    private static HttpResponse<String> logIn(DemoFixture demo, String name, String password, String forwardedFor) {
        WebClient c = demo.https();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", c.csrfFrom("/login"));
        form.put("username", name);
        form.put("password", password);
        form.put("next", "/account");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(c.base.resolve("/login")).header("Origin", c.origin())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return c.send(b.build());
    }

    private static long hashes(DemoFixture demo) {
        return demo.server.app().users().hashCount();
    }

    private static void assertThrottled(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("900"); // 15 min from the first failure; clock frozen
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("id=\"error\"").contains("Too many failed log-ins").contains("Try again in 15 minutes.")
                .contains("action=\"/login\"");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent(); // still behind the hardening filter
    }

    @Test
    void loginAfterFiveFailuresForAccountIs429WithRetryAfterEvenWithRightPasswordAndNoHash() {
        String victim = newAccount(proxied);
        for (int i = 0; i < LIMIT; i++) { // from different addresses: only the account counter can stop this
            assertThat(logIn(proxied, victim, WRONG, nextAddress()).statusCode()).isEqualTo(401);
        }
        long before = hashes(proxied);
        assertThrottled(logIn(proxied, victim, DemoFixture.password(), nextAddress()));
        assertThrottled(logIn(proxied, victim, WRONG, nextAddress()));
        assertThat(hashes(proxied)).isEqualTo(before);
    }

    @Test
    void loginAfterAddressBudgetOfFailuresIs429ForAnyAccountAndNoHash() {
        String victim = newAccount(direct);
        for (int i = 0; i < ADDRESS_LIMIT; i++) { // different names from 127.0.0.1
            assertThat(logIn(direct, DemoFixture.newName(), WRONG, null).statusCode()).isEqualTo(401);
        }
        long before = hashes(direct);
        assertThrottled(logIn(direct, victim, DemoFixture.password(), null));
        assertThat(hashes(direct)).isEqualTo(before);
    }

    @Test
    void forgedXForwardedForFromUntrustedPeerDoesNotEscapeAddressLimit() {
        String victim = newAccount(direct);
        for (int i = 0; i < ADDRESS_LIMIT; i++) { // each guess claims another address and another account
            assertThat(logIn(direct, DemoFixture.newName(), WRONG, nextAddress()).statusCode()).isEqualTo(401);
        }
        long before = hashes(direct);
        assertThrottled(logIn(direct, victim, DemoFixture.password(), nextAddress()));
        assertThat(hashes(direct)).isEqualTo(before);
    }

    @Test
    void correctLogInsFromOneAddressNeverConsumeItsBudgetEvenConcurrently() throws Exception {
        // users behind one NAT address: the address budget counts failures only
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            names.add(newAccount(proxied));
        }
        String nat = nextAddress();
        for (int round = 0; round < 2; round++) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                var answers = pool.invokeAll(names.stream().<java.util.concurrent.Callable<Integer>>map(
                        n -> () -> logIn(proxied, n, DemoFixture.password(), nat).statusCode()).toList());
                for (var a : answers) {
                    assertThat(a.get()).isEqualTo(303);
                }
            } finally {
                pool.shutdown();
            }
        }
        // control: the same address still has its whole failure budget
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            assertThat(logIn(proxied, DemoFixture.newName(), WRONG, nat).statusCode()).isEqualTo(401);
        }
        assertThat(logIn(proxied, names.get(0), DemoFixture.password(), nat).statusCode()).isEqualTo(429);
    }

    @Test
    void sameForgeryFromTrustedProxyIsBelievedSoDistinctClientsAreNotThrottledTogether() {
        // control for the test above: the header really names the client when the peer is trusted
        String account = newAccount(proxied);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(logIn(proxied, DemoFixture.newName(), WRONG, nextAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(logIn(proxied, account, DemoFixture.password(), nextAddress()).statusCode()).isEqualTo(303);
    }

    @Test
    void otherAccountFromOtherAddressIsUnaffectedByALockedOne() {
        String victim = newAccount(proxied);
        String other = newAccount(proxied);
        String attacker = nextAddress();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(logIn(proxied, victim, WRONG, attacker).statusCode()).isEqualTo(401);
        }
        assertThat(logIn(proxied, victim, DemoFixture.password(), attacker).statusCode()).isEqualTo(429);
        HttpResponse<String> r = logIn(proxied, other, DemoFixture.password(), nextAddress());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/account");
    }

    @Test
    void loginWorksAgainOnceWindowHasPassed() {
        String victim = newAccount(proxied);
        String attacker = nextAddress();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(logIn(proxied, victim, WRONG, attacker).statusCode()).isEqualTo(401);
        }
        proxiedClock.advance(Duration.ofMinutes(14));
        HttpResponse<String> early = logIn(proxied, victim, DemoFixture.password(), attacker);
        assertThat(early.statusCode()).isEqualTo(429);
        assertThat(early.headers().firstValue("Retry-After")).hasValue("60");
        proxiedClock.advance(Duration.ofMinutes(1));
        assertThat(logIn(proxied, victim, DemoFixture.password(), attacker).statusCode()).isEqualTo(303);
    }

    @Test
    void successfulLoginResetsAccountCounter() {
        String account = newAccount(proxied);
        for (int i = 0; i < LIMIT - 1; i++) {
            assertThat(logIn(proxied, account, WRONG, nextAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(logIn(proxied, account, DemoFixture.password(), nextAddress()).statusCode()).isEqualTo(303);
        for (int i = 0; i < LIMIT - 1; i++) { // without the reset the first of these would be refused
            assertThat(logIn(proxied, account, WRONG, nextAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(logIn(proxied, account, DemoFixture.password(), nextAddress()).statusCode()).isEqualTo(303);
    }

    @Test
    void signupBeyondLimitFromOneAddressIs429WithoutHashingAndWorksAfterWindow() throws Exception {
        newAccount(direct);
        newAccount(direct); // the limit of this fixture is 2
        long before = hashes(direct);
        WebClient c = direct.https();
        String name = DemoFixture.newName();
        HttpResponse<String> r = c.signUp(name, DemoFixture.password());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3600");
        assertThat(r.body()).contains("Too many sign-ups from your address").contains("action=\"/signup\"");
        assertThat(hashes(direct)).isEqualTo(before);
        assertThat(direct.server.app().users().exists(name)).isFalse();
        directClock.advance(Duration.ofHours(1));
        assertThat(c.signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
    }
}

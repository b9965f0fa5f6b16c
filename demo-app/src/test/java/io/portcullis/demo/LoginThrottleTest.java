package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throttle's bookkeeping without a server: memory bound, charging, keys. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static LoginThrottle.Key k(String key, int budget) {
        return new LoginThrottle.Key(key, budget);
    }

    private static void failOnce(LoginThrottle t, LoginThrottle.Key... keys) throws Exception {
        assertThat(t.reserve(keys).allowed()).isTrue();
        t.fail(keys);
    }

    @Test
    void trackedKeysStayWithinCapAndOldestIsDropped() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(15), 3, clock);
        for (int i = 0; i < 100; i++) {
            failOnce(t, k("k" + i, 1));
            clock.advance(Duration.ofMillis(1));
        }
        t.tidy();
        assertThat(t.trackedKeys()).isEqualTo(3);
        assertThat(t.reserve(k("k99", 1)).allowed()).isFalse(); // the newest is still counted
        assertThat(t.reserve(k("k0", 1)).allowed()).isTrue(); // the oldest was forgotten
    }

    @Test
    void refusedAttemptIsNotChargedAndOtherKeyIsCharged() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        failOnce(t, k("account:a", 2), k("address:1", 5));
        failOnce(t, k("account:a", 2), k("address:2", 5));
        LoginThrottle.Decision d = t.reserve(k("account:a", 2), k("address:3", 2));
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(600);
        failOnce(t, k("account:b", 2), k("address:3", 2)); // address 3 was not charged
        failOnce(t, k("account:c", 2), k("address:3", 2));
        assertThat(t.reserve(k("account:d", 2), k("address:3", 2)).allowed()).isFalse();
    }

    @Test
    void successesNeverConsumeTheAddressBudget() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        for (int i = 0; i < 20; i++) { // twenty users behind one NAT log in right
            LoginThrottle.Key account = k("account:u" + i, 2);
            LoginThrottle.Key address = k("address:nat", 3);
            assertThat(t.reserve(account, address).allowed()).isTrue();
            t.succeed(account, address);
        }
        failOnce(t, k("account:x", 2), k("address:nat", 3)); // control: failures still count
        failOnce(t, k("account:y", 2), k("address:nat", 3));
        failOnce(t, k("account:z", 2), k("address:nat", 3));
        assertThat(t.reserve(k("account:w", 2), k("address:nat", 3)).allowed()).isFalse();
    }

    @Test
    void concurrentAttemptsAreBoundedByReservations() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        LoginThrottle.Key account = k("account:a", 2);
        assertThat(t.reserve(account).allowed()).isTrue();
        assertThat(t.reserve(account).allowed()).isTrue();
        LoginThrottle.Decision third = t.reserve(account); // two in flight: the budget is spoken for
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfterSeconds()).isEqualTo(1);
        t.release(account);
        assertThat(t.reserve(account).allowed()).isTrue();
    }

    @Test
    void successClearsAccountButNotTheAddressFailures() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        failOnce(t, k("account:victim", 2), k("address:x", 2)); // a failure
        assertThat(t.reserve(k("account:mine", 2), k("address:x", 2)).allowed()).isTrue(); // then a success
        t.succeed(k("account:mine", 2), k("address:x", 2));
        failOnce(t, k("account:victim2", 2), k("address:x", 2)); // second failure
        assertThat(t.reserve(k("account:victim3", 2), k("address:x", 2)).allowed()).isFalse();
    }

    @Test
    void countsSurviveARestartOfTheDatabase() throws Exception {
        LoginThrottle t = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        failOnce(t, k("account:a", 2));
        failOnce(t, k("account:a", 2));
        db.close();
        db = Database.open(dir);
        LoginThrottle again = new LoginThrottle("login", db, Duration.ofMinutes(10), 100, clock);
        assertThat(again.reserve(k("account:a", 2)).allowed()).isFalse();
        assertThat(again.reserve(k("account:b", 2)).allowed()).isTrue(); // control
        clock.advance(Duration.ofMinutes(10));
        assertThat(again.reserve(k("account:a", 2)).allowed()).isTrue(); // the window ended
    }

    @Test
    void accountKeyOnlyForNamesThatCanExist() {
        assertThat(LoginThrottle.accountKey("alice")).isEqualTo("account:alice");
        assertThat(LoginThrottle.accountKey(null)).isNull();
        assertThat(LoginThrottle.accountKey("x".repeat(10_000))).isNull();
        assertThat(LoginThrottle.accountKey("Alice")).isNull();
    }

    @Test
    void ipv6AddressesCountPerSlash64AndIpv4PerAddress() {
        assertThat(key("2001:db8:0:1::1")).isEqualTo(key("2001:db8:0:1:ffff:ffff:ffff:ffff")).isEqualTo(key("[2001:db8:0:1::2]"))
                .isEqualTo("address6:20010db800000001::/64");
        assertThat(key("2001:db8:0:2::1")).isNotEqualTo(key("2001:db8:0:1::1"));
        assertThat(key("192.0.2.1")).isEqualTo("address:192.0.2.1").isNotEqualTo(key("192.0.2.2"));
    }

    private static String key(String remoteAddr) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getRemoteAddr()).thenReturn(remoteAddr);
        return LoginThrottle.addressKey(r);
    }
}

package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle's bookkeeping without a server: memory bound, charging, keys. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void trackedKeysStayWithinCapAndOldestIsDropped() {
        LoginThrottle t = new LoginThrottle(1, Duration.ofMinutes(15), 3, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(t.tryAttempt("k" + i).allowed()).isTrue();
        }
        assertThat(t.trackedKeys()).isEqualTo(3);
        assertThat(t.tryAttempt("k999").allowed()).isFalse(); // the newest is still counted
        assertThat(t.tryAttempt("k0").allowed()).isTrue(); // the oldest was forgotten
    }

    @Test
    void refusedAttemptIsNotChargedAndOtherKeyIsCharged() {
        LoginThrottle t = new LoginThrottle(2, Duration.ofMinutes(10), 100, clock);
        assertThat(t.tryAttempt("account:a", "address:1").allowed()).isTrue();
        assertThat(t.tryAttempt("account:a", "address:2").allowed()).isTrue();
        LoginThrottle.Decision d = t.tryAttempt("account:a", "address:3");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(600);
        assertThat(t.tryAttempt("account:b", "address:3").allowed()).isTrue(); // address 3 was not charged
        assertThat(t.tryAttempt("account:c", "address:3").allowed()).isTrue();
    }

    @Test
    void successClearsAccountButGivesAddressOnlyItsOwnChargeBack() {
        LoginThrottle t = new LoginThrottle(2, Duration.ofMinutes(10), 100, clock);
        assertThat(t.tryAttempt("account:victim", "address:x").allowed()).isTrue(); // a failure
        assertThat(t.tryAttempt("account:mine", "address:x").allowed()).isTrue(); // then a success
        t.succeeded("account:mine", "address:x");
        assertThat(t.tryAttempt("account:victim2", "address:x").allowed()).isTrue(); // second failure
        assertThat(t.tryAttempt("account:victim3", "address:x").allowed()).isFalse();
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

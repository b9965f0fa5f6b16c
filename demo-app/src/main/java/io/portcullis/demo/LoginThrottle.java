package io.portcullis.demo;

import io.portcullis.filters.EffectiveRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts password attempts per account name and per client address and refuses further ones
 * for a while, <em>before</em> any password is hashed, so guessing costs the attacker time and
 * costs the server no PBKDF2 run.
 *
 * <p>Each attempt is charged to its keys up front ({@link #tryAttempt}), so parallel requests
 * cannot all slip past the check before the first failure is recorded. A key that has been
 * charged {@code maxAttempts} times within {@code window} (counted from its first charge, a
 * fixed window) is refused until that window ends. {@link #succeeded} clears the account's
 * key and gives back the one charge of the address (a success from an address does not wipe
 * its earlier failures, so a client cannot launder guesses through an account of its own).
 *
 * <p>The client address is the one the hardening filter resolved ({@link EffectiveRequest}):
 * the socket peer, or what a <em>trusted</em> proxy reported, so a client cannot rotate its
 * address with a forged {@code X-Forwarded-For}. IPv6 addresses are counted per /64, the
 * smallest block one subscriber usually gets.
 *
 * <p>Memory is bounded: at most {@code maxKeys} keys are tracked; beyond that the key charged
 * least recently is dropped (which forgets its count). Thread-safe.
 */
final class LoginThrottle {

    /** The outcome of {@link #tryAttempt}: go ahead, or refused for {@link #retryAfter()}. */
    record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOW = new Decision(true, Duration.ZERO);

        /** Whole seconds for a {@code Retry-After} header (RFC 9110 §10.2.3), at least 1. */
        long retryAfterSeconds() {
            long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, s);
        }
    }

    private static final class Count {
        final Instant start;
        int attempts;

        Count(Instant start) {
            this.start = start;
        }
    }

    private final int maxAttempts;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final LinkedHashMap<String, Count> counts;

    /**
     * @param maxAttempts attempts allowed per key and window (the demo: 5 failed log-ins)
     * @param window how long a key's count lasts from its first attempt (the demo: 15 minutes)
     * @param maxKeys how many keys are remembered at most (the demo: 10 000)
     * @param clock the time source (tests move it instead of sleeping)
     */
    LoginThrottle(int maxAttempts, Duration window, int maxKeys, Clock clock) {
        if (maxAttempts < 1 || maxKeys < 2 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxAttempts >= 1, maxKeys >= 2 and a positive window are required");
        }
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counts = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > LoginThrottle.this.maxKeys;
            }
        };
    }

    /** The key for an account name, or {@code null} when the name cannot be an account (only the address counts then). */
    static String accountKey(String name) {
        return name != null && Users.NAME.matcher(name).matches() ? "account:" + name : null;
    }

    /** The key for the client of {@code request}: the address the hardening filter resolved, IPv6 per /64. */
    static String addressKey(HttpServletRequest request) {
        String address = EffectiveRequest.of(request).map(EffectiveRequest::clientAddress).orElse(request.getRemoteAddr());
        if (address == null) {
            return "address:unknown";
        }
        if (address.indexOf(':') >= 0) {
            String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
            int zone = literal.indexOf('%');
            literal = zone < 0 ? literal : literal.substring(0, zone);
            try {
                // a literal containing ':' is parsed, never resolved through DNS
                byte[] bytes = InetAddress.getByName(literal).getAddress();
                if (bytes.length == 16) {
                    return "address6:" + HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            } catch (UnknownHostException e) {
                return "address:" + address;
            }
        }
        return "address:" + address;
    }

    /**
     * Charges one attempt to every non-null key, unless one of them is already at its limit:
     * then nothing is charged and the longest remaining wait is returned.
     */
    synchronized Decision tryAttempt(String... keys) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys) {
            Count c = key == null ? null : live(key, now);
            if (c != null && c.attempts >= maxAttempts) {
                Duration left = Duration.between(now, c.start.plus(window));
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        if (!wait.isZero()) {
            return new Decision(false, wait);
        }
        for (String key : keys) {
            if (key != null) {
                Count c = live(key, now);
                if (c == null) {
                    c = new Count(now);
                }
                c.attempts++;
                counts.put(key, c);
            }
        }
        return Decision.ALLOW;
    }

    /** A successful log-in: forgets {@code accountKey} and gives {@code addressKey} its charge back. */
    synchronized void succeeded(String accountKey, String addressKey) {
        if (accountKey != null) {
            counts.remove(accountKey);
        }
        Count c = addressKey == null ? null : counts.get(addressKey);
        if (c != null && c.attempts > 0) {
            c.attempts--;
        }
    }

    /** How many keys are tracked now (for tests of the memory bound). */
    synchronized int trackedKeys() {
        return counts.size();
    }

    private Count live(String key, Instant now) {
        Count c = counts.get(key);
        if (c != null && !now.isBefore(c.start.plus(window))) {
            counts.remove(key);
            return null;
        }
        return c;
    }
}

package io.portcullis.demo;

import io.portcullis.filters.EffectiveRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Counts failed password attempts per account name and per client address, each with its own
 * budget, and refuses further attempts for a while <em>before</em> any password is hashed, so
 * guessing costs the attacker time and costs the server no PBKDF2 run.
 *
 * <p>Only failures consume a budget: a correct password never counts, so many users behind one
 * NAT address who type their passwords right are never locked out together, and the address
 * budget is larger than the account budget (the demo: 50 against 5 per 15 minutes). A success
 * clears its account's failures but not the address's (logging into an account of your own
 * between guesses does not launder them).
 *
 * <p>Failures are counted in the {@code throttle} table of the {@link Database} (key, start of
 * the fixed window, count), one transaction per change, so a restart does not hand out a fresh
 * budget. Attempts in progress are <em>reserved</em> in memory ({@link #reserve}): a key whose
 * failures plus reservations reach its budget is refused, so parallel requests cannot all slip
 * past the check before the first failure is recorded; a reservation ends with {@link #fail},
 * {@link #succeed} or {@link #release}.
 *
 * <p>The client address is the one the hardening filter resolved ({@link EffectiveRequest}):
 * the socket peer, or what a <em>trusted</em> proxy reported, so a client cannot rotate its
 * address with a forged {@code X-Forwarded-For}. IPv6 addresses are counted per /64.
 *
 * <p>Storage is bounded: expired rows are deleted as new ones are written, and beyond
 * {@code maxKeys} rows of this throttle the oldest windows are dropped (which forgets their
 * counts). Thread-safe.
 */
final class LoginThrottle {

    /** The outcome of {@link #reserve}: go ahead, or refused for {@link #retryAfter()}. */
    record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOW = new Decision(true, Duration.ZERO);

        /** Whole seconds for a {@code Retry-After} header (RFC 9110 §10.2.3), at least 1. */
        long retryAfterSeconds() {
            long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, s);
        }
    }

    /** A counted key with its budget; {@code null} keys are skipped everywhere. */
    record Key(String key, int budget) {
        Key {
            Objects.requireNonNull(key, "key");
            if (budget < 1) {
                throw new IllegalArgumentException("budget must be >= 1; got " + budget);
            }
        }
    }

    private record Count(Instant start, int failures) {
    }

    private final String name;
    private final Database db;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Integer> reserved = new HashMap<>();
    private int writes;

    /**
     * @param name this throttle's prefix in the table ({@code login}, {@code signup})
     * @param db where failures are counted
     * @param window how long a key's count lasts from its first failure (the demo: 15 minutes)
     * @param maxKeys how many keys are remembered at most (the demo: 10 000)
     * @param clock the time source (tests move it instead of sleeping)
     */
    LoginThrottle(String name, Database db, Duration window, int maxKeys, Clock clock) {
        if (maxKeys < 2 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxKeys >= 2 and a positive window are required");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.db = Objects.requireNonNull(db, "db");
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
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
     * Reserves one attempt on every non-null key, unless one of them has no budget left (its
     * failures plus the attempts in progress reach its budget): then nothing is reserved and the
     * longest remaining wait is returned.
     */
    synchronized Decision reserve(Key... keys) throws IOException {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (Key k : keys) {
            if (k == null) {
                continue;
            }
            Count c = live(k.key(), now);
            int failures = c == null ? 0 : c.failures();
            if (failures + reserved.getOrDefault(k.key(), 0) >= k.budget()) {
                Duration left = failures >= k.budget() ? Duration.between(now, c.start().plus(window)) : Duration.ofSeconds(1);
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        if (!wait.isZero()) {
            return new Decision(false, wait);
        }
        for (Key k : keys) {
            if (k != null) {
                reserved.merge(k.key(), 1, Integer::sum);
            }
        }
        return Decision.ALLOW;
    }

    /** The reserved attempt failed: one failure for every key, in one transaction. */
    synchronized void fail(Key... keys) throws IOException {
        try {
            Instant now = clock.instant();
            long cutoff = now.minus(window).toEpochMilli();
            boolean tidy = ++writes % 64 == 0;
            db.change("counting a failed attempt", c -> {
                for (Key k : keys) {
                    if (k == null) {
                        continue;
                    }
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO throttle(key, window_start, failures) "
                            + "VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET "
                            + "failures = CASE WHEN window_start <= ? THEN 1 ELSE failures + 1 END, "
                            + "window_start = CASE WHEN window_start <= ? THEN excluded.window_start ELSE window_start END")) {
                        s.setString(1, row(k.key()));
                        s.setLong(2, now.toEpochMilli());
                        s.setLong(3, cutoff);
                        s.setLong(4, cutoff);
                        s.executeUpdate();
                    }
                }
                if (tidy) {
                    tidy(c, cutoff);
                }
                return null;
            });
        } finally {
            release(keys);
        }
    }

    /** The reserved attempt succeeded: the account's failures are forgotten (one transaction); the address keeps its own. */
    synchronized void succeed(Key account, Key address) throws IOException {
        try {
            if (account != null) {
                db.change("clearing the account's failures", c -> {
                    try (PreparedStatement s = c.prepareStatement("DELETE FROM throttle WHERE key = ?")) {
                        s.setString(1, row(account.key()));
                        s.executeUpdate();
                    }
                    return null;
                });
            }
        } finally {
            release(account, address);
        }
    }

    /** Ends reservations without counting anything (the attempt did not get to hash). */
    synchronized void release(Key... keys) {
        for (Key k : keys) {
            if (k != null) {
                reserved.computeIfPresent(k.key(), (key, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /** How many keys of this throttle have rows now (for tests of the bound). */
    int trackedKeys() throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM throttle WHERE key >= ? AND key < ?")) {
                s.setString(1, name + "|");
                s.setString(2, name + "}");
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    /** Deletes expired rows of this throttle, then the oldest beyond {@code maxKeys}. */
    synchronized void tidy() throws IOException {
        long cutoff = clock.instant().minus(window).toEpochMilli();
        db.change("tidying throttle counts", c -> {
            tidy(c, cutoff);
            return null;
        });
    }

    private void tidy(java.sql.Connection c, long cutoff) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM throttle WHERE key >= ? AND key < ? AND window_start <= ?")) {
            s.setString(1, name + "|");
            s.setString(2, name + "}");
            s.setLong(3, cutoff);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM throttle WHERE key IN (SELECT key FROM throttle "
                + "WHERE key >= ? AND key < ? ORDER BY window_start DESC LIMIT -1 OFFSET ?)")) {
            s.setString(1, name + "|");
            s.setString(2, name + "}");
            s.setInt(3, maxKeys);
            s.executeUpdate();
        }
    }

    private String row(String key) {
        return name + "|" + key;
    }

    private Count live(String key, Instant now) throws IOException {
        Count c = db.query(conn -> {
            try (PreparedStatement s = conn.prepareStatement("SELECT window_start, failures FROM throttle WHERE key = ?")) {
                s.setString(1, row(key));
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? new Count(Instant.ofEpochMilli(r.getLong(1)), r.getInt(2)) : null;
                }
            }
        });
        return c != null && now.isBefore(c.start().plus(window)) ? c : null;
    }
}

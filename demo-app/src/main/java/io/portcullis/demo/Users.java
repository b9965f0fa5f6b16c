package io.portcullis.demo;

import io.portcullis.passwords.HashPolicy;
import io.portcullis.passwords.HasherBusyException;
import io.portcullis.passwords.PasswordHasher;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Accounts in the {@code users} table. Each user has an immutable random 128-bit id; files and
 * sessions refer to the id, never to the name, so a name that is freed and taken again (or an
 * account table restored from an old backup) never inherits someone else's files. The password
 * hash is an opaque PHC string: new ones come from the passwords module's {@link PasswordHasher}
 * (Argon2id by default); rows hashed before it ({@link PasswordHash}: PBKDF2 of the raw password,
 * also what a 0.1.0 import yields) still verify, and any row whose algorithm or parameters the
 * policy no longer asks for is re-hashed at the next successful log-in ({@link PasswordHasher#needsRehash}).
 *
 * <p>At most {@code maxConcurrentHashes} password hashes run at once (sign-ups and log-ins
 * together); a request that cannot get a turn within {@value #HASH_WAIT_SECONDS} s is refused
 * with {@link BusyException} (the handler answers 503 with Retry-After), so a flood of correct
 * log-ins cannot queue every worker thread behind PBKDF2.
 */
final class Users {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    static final int HASH_WAIT_SECONDS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user as the app sees it. */
    record User(String id, String name) {
    }

    /** No hashing turn was free in time. */
    static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("too many password checks at once", null, false, false);
        }
    }

    private final Database db;
    private final String dummy;
    private final AtomicLong hashes = new AtomicLong();
    private final Semaphore hashing;
    private final PasswordHasher hasher;

    Users(Database db, int maxConcurrentHashes) {
        this(db, maxConcurrentHashes, new PasswordHasher(HashPolicy.defaults()));
    }

    Users(Database db, int maxConcurrentHashes, PasswordHasher hasher) {
        this.db = db;
        this.hashing = new Semaphore(maxConcurrentHashes, true);
        this.hasher = hasher;
        this.dummy = hasher.hash("not a password");
    }

    /** Why a user name is refused, or {@code null} when it is acceptable (passwords have the passwords module's checker). */
    static String problem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "User names are 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
        }
        return null;
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Creates the account in one transaction; empty when the name is taken. Nothing is kept in
     * memory: if the insert fails (a full disk) the account does not exist, now or after a restart.
     */
    Optional<User> create(String name, String password) throws IOException, BusyException {
        if (exists(name)) {
            return Optional.empty();
        }
        String phc = counted(() -> hasher.hash(password));
        User u = new User(newId(), name);
        return db.change("sign-up", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO users(id, name, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO NOTHING")) {
                s.setString(1, u.id());
                s.setString(2, name);
                s.setString(3, phc);
                s.setString(4, Instant.now().toString());
                return s.executeUpdate() == 1 ? Optional.of(u) : Optional.<User>empty();
            }
        });
    }

    /**
     * The user when the password matches; takes one hash whether or not the user exists. A match
     * on a row the policy would no longer write (PBKDF2, older parameters) re-hashes it now, while
     * the password is in hand.
     */
    Optional<User> verify(String name, String password) throws IOException, BusyException {
        Optional<Row> row = name == null ? Optional.empty() : byName(name);
        String stored = row.map(Row::hash).orElse(dummy);
        String typed = password == null ? "" : password;
        boolean ok = counted(() -> matches(stored, typed));
        if (!ok || row.isEmpty()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(stored)) {
            String upgraded = counted(() -> hasher.hash(typed));
            db.change("rehash", c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                    s.setString(1, upgraded);
                    s.setString(2, row.get().user().id());
                    s.setString(3, stored);
                    return s.executeUpdate();
                }
            });
        }
        return Optional.of(row.get().user());
    }

    private boolean matches(String stored, String password) {
        if (hasher.verify(password, stored)) {
            return true;
        }
        // rows written before the passwords module hashed the raw password, the hasher its NFKC form
        return stored.startsWith("$pbkdf2-sha256$")
                && !java.text.Normalizer.isNormalized(password, java.text.Normalizer.Form.NFKC)
                && PasswordHash.verify(stored, password);
    }

    /** Replaces the password of {@code user} (the change-password page, after the current one matched). */
    void setPassword(User user, String password) throws IOException, BusyException {
        String phc = counted(() -> hasher.hash(password));
        db.change("password", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
                s.setString(1, phc);
                s.setString(2, user.id());
                return s.executeUpdate();
            }
        });
    }

    /** The stored hash's algorithm ({@code argon2id}, {@code pbkdf2-sha256}), or null (account page, tests). */
    String algorithm(String name) throws IOException {
        return byName(name).map(r -> r.hash().startsWith("$") && r.hash().indexOf('$', 1) > 1
                ? r.hash().substring(1, r.hash().indexOf('$', 1)) : null).orElse(null);
    }

    boolean exists(String name) throws IOException {
        return name != null && byName(name).isPresent();
    }

    Optional<User> byId(String id) throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name FROM users WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new User(r.getString(1), r.getString(2))) : Optional.<User>empty();
                }
            }
        });
    }

    private record Row(User user, String hash) {
    }

    private Optional<Row> byName(String name) throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, password_hash FROM users WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Row(new User(r.getString(1), r.getString(2)), r.getString(3)))
                            : Optional.<Row>empty();
                }
            }
        });
    }

    /** How many passwords this instance has hashed for sign-ups and log-ins (the throttle's tests read it). */
    long hashCount() {
        return hashes.get();
    }

    /** Hashing turns free now (tests of the bound). */
    int freeHashTurns() {
        return hashing.availablePermits();
    }

    private interface Hashing<T> {
        T run();
    }

    private <T> T counted(Hashing<T> h) throws BusyException {
        try {
            if (!hashing.tryAcquire(HASH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            hashes.incrementAndGet();
            return h.run();
        } catch (HasherBusyException e) {
            throw new BusyException();
        } finally {
            hashing.release();
        }
    }

    static String countSql() {
        return "SELECT count(*) FROM users";
    }

    static int count(Database db) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(countSql()); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }
}

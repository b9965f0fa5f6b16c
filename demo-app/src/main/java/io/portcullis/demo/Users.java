package io.portcullis.demo;

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
 * hash is an opaque PHC string ({@link PasswordHash}).
 *
 * <p>At most {@code maxConcurrentHashes} password hashes run at once (sign-ups and log-ins
 * together); a request that cannot get a turn within {@value #HASH_WAIT_SECONDS} s is refused
 * with {@link BusyException} (the handler answers 503 with Retry-After), so a flood of correct
 * log-ins cannot queue every worker thread behind PBKDF2.
 */
final class Users {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 256;
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

    Users(Database db, int maxConcurrentHashes) {
        this.db = db;
        this.hashing = new Semaphore(maxConcurrentHashes, true);
        this.dummy = PasswordHash.hash("not a password");
    }

    /** Why a sign-up is refused, or {@code null} when the name and password are acceptable. */
    static String problem(String name, String password) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "User names are 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            return "Passwords are " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.";
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
        String phc = counted(() -> PasswordHash.hash(password));
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

    /** The user when the password matches; takes one hash whether or not the user exists. */
    Optional<User> verify(String name, String password) throws IOException, BusyException {
        Optional<Row> row = name == null ? Optional.empty() : byName(name);
        String stored = row.map(Row::hash).orElse(dummy);
        boolean ok = counted(() -> PasswordHash.verify(stored, password == null ? "" : password));
        return ok && row.isPresent() ? Optional.of(row.get().user()) : Optional.empty();
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

package io.portcullis.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The demo's embedded SQLite database, {@code demo.db} under the data directory: users, files,
 * share links, throttle counts and logged-in sessions. Every change is one transaction ({@link #write}); a change
 * that fails is rolled back and the caller's in-memory view is never updated before the commit,
 * so what the app shows and what is on disk cannot disagree.
 *
 * <p>Journal: WAL with {@code synchronous=FULL} (a committed change survives a crash of the
 * process and of the machine). Schema: numbered migrations in {@link #MIGRATIONS}, the applied
 * count kept in {@code PRAGMA user_version}; each migration runs in its own transaction. A
 * database from a newer demo, one that is not a SQLite file, or one that fails
 * {@code PRAGMA quick_check} stops the start with a message: it is never replaced.
 *
 * <p>One connection, used under this object's lock: every statement is a primary-key or
 * indexed lookup (well under a millisecond), and password hashing happens outside the lock.
 */
final class Database implements AutoCloseable {

    static final String FILE = "demo.db";

    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. Append only. */
    static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE users (
              id            TEXT PRIMARY KEY,               -- random 128-bit hex, never changes
              name          TEXT NOT NULL UNIQUE,
              password_hash TEXT NOT NULL,                  -- PHC string: $pbkdf2-sha256$i=...$salt$hash
              created_at    TEXT NOT NULL
            ) STRICT;
            CREATE TABLE files (
              id          TEXT PRIMARY KEY,                 -- the UploadStore id
              owner_id    TEXT NOT NULL REFERENCES users(id),
              name        TEXT NOT NULL,
              media_type  TEXT NOT NULL,
              size        INTEGER NOT NULL,
              uploaded_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX files_by_owner ON files(owner_id, uploaded_at);
            CREATE TABLE share_links (
              signature  TEXT PRIMARY KEY,
              file_id    TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
              created_at TEXT NOT NULL,
              not_before TEXT,
              expires_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX share_links_by_file ON share_links(file_id);
            CREATE TABLE throttle (
              key          TEXT PRIMARY KEY,
              window_start INTEGER NOT NULL,                -- epoch milliseconds
              failures     INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX throttle_by_start ON throttle(window_start);
            CREATE TABLE migrations_done (
              name TEXT PRIMARY KEY,
              at   TEXT NOT NULL
            ) STRICT;
            """,
            // 2: logged-in sessions, written and read by Jetty's JDBCSessionDataStore (PersistentSessions).
            // Exactly the table, columns and index names Jetty would create itself for SQLite, so Jetty
            // finds them and creates nothing; not STRICT because these are Jetty's declared types.
            """
            CREATE TABLE sessions (
              sessionId varchar(120), contextPath varchar(60), virtualHost varchar(60), lastNode varchar(60),
              accessTime bigint, lastAccessTime bigint, createTime bigint, cookieTime bigint,
              lastSavedTime bigint, expiryTime bigint, maxInterval bigint,
              map blob,                                     -- the serialized attributes: user id, name, CSRF secret
              primary key(sessionId, contextPath, virtualHost)
            );
            CREATE INDEX idx_sessions_expiry ON sessions (expiryTime);
            CREATE INDEX idx_sessions_session ON sessions (sessionId, contextPath);
            """);

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The disk (or the database's page limit) is full: the change was rolled back. */
    static final class StorageFullException extends IOException {
        private static final long serialVersionUID = 1L;

        StorageFullException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path file;
    private final Connection connection;
    /** Tests: the next commits fail as SQLite fails on a full disk (SQLITE_FULL), after the work ran. */
    private volatile boolean failCommitsAsFull;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens {@code <dataDir>/demo.db}, creating it when {@code create} and it does not exist, and
     * applies pending migrations.
     *
     * @throws DemoDataException when the file is damaged, not a database or from a newer demo
     */
    static Database open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        boolean existed = Files.exists(file);
        if (existed && !Files.isRegularFile(file)) {
            throw new DemoDataException(file + " is not a regular file; move it away and start again");
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file, connectionProperties());
        } catch (SQLException e) {
            throw damaged(file, e);
        }
        Database db = new Database(file, c);
        try {
            db.check(existed);
            db.migrate();
        } catch (SQLException e) {
            db.close();
            throw damaged(file, e);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The settings of every connection to {@code demo.db}, this object's and the session store's. */
    private static Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("foreign_keys", "true");
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("busy_timeout", "10000");
        return p;
    }

    /**
     * Connections to the same file with the same settings, for Jetty's session store: it opens
     * one per operation and closes it, so it never shares this object's connection or lock; WAL
     * lets it read while this object writes, and the busy timeout queues two writers.
     */
    DataSource sessionDataSource() {
        SQLiteDataSource ds = new SQLiteDataSource(new SQLiteConfig(connectionProperties()));
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static IOException damaged(Path file, SQLException e) {
        if (isFull(e)) {
            return new StorageFullException("the disk holding " + file + " is full; free some space and start again", e);
        }
        return new DemoDataException(file + " cannot be used (" + firstLine(e.getMessage()) + "). It was left as it is: "
                + "restore it from a backup, or move it away to start with an empty database");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void check(boolean existed) throws SQLException, DemoDataException {
        try (Statement s = connection.createStatement()) {
            if (existed) {
                try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                    String first = r.next() ? r.getString(1) : "no answer";
                    if (!"ok".equalsIgnoreCase(first)) {
                        throw new DemoDataException(file + " is damaged (SQLite quick_check: " + first + "). It was left as "
                                + "it is: restore it from a backup, or move it away to start with an empty database");
                    }
                }
            }
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                r.next(); // forces the header to be read: "file is not a database" surfaces here at the latest
            }
        }
    }

    private void migrate() throws SQLException, DemoDataException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new DemoDataException(file + " has schema version " + version + " but this demo knows only up to "
                    + MIGRATIONS.size() + "; run the newer demo that wrote it");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            int next = v + 1;
            String sql = MIGRATIONS.get(v);
            write(c -> {
                try (Statement s = c.createStatement()) {
                    for (String stmt : sql.split(";\\s*\\n")) {
                        if (!stmt.isBlank()) {
                            s.execute(stmt);
                        }
                    }
                    s.execute("PRAGMA user_version = " + next);
                }
                return null;
            });
        }
    }

    int schemaVersion() throws SQLException {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    /** Runs {@code work} in one transaction; on any failure it is rolled back and nothing changed. */
    synchronized <T> T write(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run(connection);
            if (failCommitsAsFull) {
                throw new SQLiteException("[SQLITE_FULL] database or disk is full (injected by a test)",
                        SQLiteErrorCode.SQLITE_FULL);
            }
            connection.commit();
            committed = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                // SQLite has already rolled back after SQLITE_FULL / SQLITE_IOERR: nothing is active
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                if (committed) {
                    throw e;
                }
                // the transaction is already gone; the first failure is the one to report
            }
        }
    }

    /** Runs a read-only query. */
    synchronized <T> T read(Work<T> work) throws SQLException {
        return work.run(connection);
    }

    /** {@link #write} for request handlers: a full disk becomes {@link StorageFullException}, others IOException. */
    <T> T change(String what, Work<T> work) throws IOException {
        try {
            return write(work);
        } catch (SQLException e) {
            if (isFull(e)) {
                throw new StorageFullException(what + ": storage full", e);
            }
            throw new IOException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** {@link #read} for request handlers. */
    <T> T query(Work<T> work) throws IOException {
        try {
            return read(work);
        } catch (SQLException e) {
            throw new IOException("database read failed: " + e.getMessage(), e);
        }
    }

    static boolean isFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR_WRITE
                        || code == SQLiteErrorCode.SQLITE_IOERR_FSYNC) {
                    return true;
                }
            }
            if (t.getMessage() != null && t.getMessage().contains("SQLITE_FULL")) {
                return true;
            }
        }
        return false;
    }

    Path file() {
        return file;
    }

    /** Tests: make every commit fail as on a full disk (true) or work again (false). */
    void failCommitsAsFullForTests(boolean on) {
        failCommitsAsFull = on;
    }

    /** The raw connection, for tests that inject failures (e.g. {@code PRAGMA max_page_count}). */
    Connection connectionForTests() {
        return connection;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}

package io.portcullis.demo;

import javax.sql.DataSource;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.SessionManager;

/**
 * Logged-in sessions kept in {@code demo.db}, so a restart does not log anyone out: Jetty 12's
 * own {@link JDBCSessionDataStore} on the demo's SQLite file (table {@code sessions}, created by
 * {@link Database} migration 2 with the columns and indexes Jetty expects).
 *
 * <ul>
 *   <li>Only sessions exist that a log-in made (anonymous pages never create one), so the table
 *       holds one row per logged-in browser.
 *   <li>Written when the response is committed ({@code flushOnResponseCommit}): when the browser
 *       sees "logged in", the row is on disk. Every request of a logged-in user rewrites it (its
 *       access and expiry time; Jetty's default save period 0), one small SQLite transaction.
 *   <li>The idle timeout still applies across a restart: the row carries its expiry time, and a
 *       session whose time ran out while the demo was down is deleted when it is asked for,
 *       never revived. Log-out ({@code invalidate}) deletes the row at once; Jetty's housekeeper
 *       deletes long-expired rows nobody asked for.
 *   <li>A stop ({@code Ctrl+C}) writes the sessions in memory to the table instead of
 *       invalidating them; a {@code kill -9} loses at most what the requests in flight changed.
 * </ul>
 *
 * <p>The attributes are Java-serialized strings and a byte array (user id, name, CSRF secret);
 * nothing else may be put in the session.
 */
final class PersistentSessions {

    static final String TABLE = "sessions";

    private PersistentSessions() {
    }

    /** Makes {@code sessions} keep its sessions in {@code dataSource} (the demo's database). */
    static void install(SessionManager sessions, DataSource dataSource) {
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(dataSource);
        JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
        schema.setTableName(TABLE);
        JDBCSessionDataStore store = new JDBCSessionDataStore();
        store.setDatabaseAdaptor(adaptor);
        store.setSessionTableSchema(schema);
        DefaultSessionCache cache = new DefaultSessionCache(sessions);
        cache.setSessionDataStore(store);
        cache.setFlushOnResponseCommit(true);
        cache.setSaveOnCreate(false); // a session is created only to be logged in: it is written with the user in it
        sessions.setSessionCache(cache);
    }
}

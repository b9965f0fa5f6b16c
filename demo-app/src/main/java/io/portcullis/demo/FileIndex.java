package io.portcullis.demo;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who owns which stored file: the {@code files} table (owner = the user's immutable id), and
 * the share links made for them ({@code share_links}). The bytes live in the upload store under
 * the same random id; this index is what the app authorises against. Each change is one
 * transaction: an entry is visible exactly when its row is committed.
 */
final class FileIndex {

    /** One stored upload. {@code name} is the sanitised display name, never a path. */
    record Entry(String id, String ownerId, String name, String mediaType, long size, Instant uploaded) {
    }

    private final Database db;

    FileIndex(Database db) {
        this.db = db;
    }

    void add(Entry e) throws IOException {
        db.change("recording the upload", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO files(id, owner_id, name, media_type, size, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, e.id());
                s.setString(2, e.ownerId());
                s.setString(3, clean(e.name()));
                s.setString(4, clean(e.mediaType()));
                s.setLong(5, e.size());
                s.setString(6, e.uploaded().toString());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The entry only when {@code ownerId} owns it; another user's id looks exactly like a missing one. */
    Optional<Entry> owned(String id, String ownerId) throws IOException {
        return get(id).filter(e -> e.ownerId().equals(ownerId));
    }

    Optional<Entry> get(String id) throws IOException {
        List<Entry> l = select("SELECT id, owner_id, name, media_type, size, uploaded_at FROM files WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The owner's files, newest first. */
    List<Entry> of(String ownerId) throws IOException {
        return select("SELECT id, owner_id, name, media_type, size, uploaded_at FROM files WHERE owner_id = ? "
                + "ORDER BY uploaded_at DESC", ownerId);
    }

    int count(String ownerId) throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM files WHERE owner_id = ?")) {
                s.setString(1, ownerId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    /** Every file id the database knows (the start-up reconciliation with the upload store). */
    Set<String> allIds() throws IOException {
        return db.query(c -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM files"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    /** Records a share link; it is honoured only while its row exists. */
    void addLink(String signature, String fileId, Instant notBefore, Instant expires) throws IOException {
        db.change("recording the share link", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO share_links(signature, file_id, created_at, not_before, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, signature);
                s.setString(2, fileId);
                s.setString(3, Instant.now().toString());
                s.setString(4, notBefore == null ? null : notBefore.toString());
                s.setString(5, expires.toString());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** True when a link with this signature was made for {@code fileId}. */
    boolean linkExists(String signature, String fileId) throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM share_links WHERE signature = ? AND file_id = ?")) {
                s.setString(1, signature);
                s.setString(2, fileId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    private List<Entry> select(String sql, String arg) throws IOException {
        return db.query(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, arg);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
            }
            return out;
        });
    }

    private static Entry row(ResultSet r) throws SQLException {
        return new Entry(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                Instant.parse(r.getString(6)));
    }

    static String clean(String s) {
        return s.replaceAll("\\p{Cntrl}", "_");
    }
}

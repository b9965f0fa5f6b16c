package io.portcullis.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a 0.1.0 data directory ({@code users.tsv}: name, PBKDF2 iterations, salt, hash;
 * {@code files.tsv}: id, owner name, name, type, size, time) into the database, once.
 *
 * <p>Every line is read strictly: a line that does not parse, a file that is not UTF-8, a file
 * whose owner is not in {@code users.tsv} or a name already in the database stops the start with
 * the file, the line number and what is wrong; nothing is skipped and nothing is written. Otherwise
 * both files are copied to {@code backup-0.1.0-<time>/}, imported in one transaction that also
 * records the import, and then removed from the data directory. A crash after the commit leaves
 * the originals beside their backup; the next start sees the record and only removes them.
 */
final class LegacyImport {

    static final String USERS = "users.tsv";
    static final String FILES = "files.tsv";
    static final String MARKER = "import-0.1.0";
    private static final System.Logger LOG = System.getLogger(LegacyImport.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private record LegacyUser(String name, String phc, int line) {
    }

    private record LegacyFile(String id, String owner, String name, String type, long size, Instant uploaded, int line) {
    }

    private LegacyImport() {
    }

    /** Imports the 0.1.0 files under {@code data} when there are any; returns the number of users imported. */
    static int run(Path data, Database db) throws IOException {
        Path users = data.resolve(USERS);
        Path files = data.resolve(FILES);
        if (!Files.exists(users) && !Files.exists(files)) {
            return 0;
        }
        String done = marker(db);
        if (done != null) { // imported before; a crash kept the originals: they are in the backup
            Path backup = data.resolve(done);
            for (Path p : List.of(users, files)) {
                if (Files.exists(p) && Files.exists(backup.resolve(p.getFileName()))) {
                    Files.delete(p);
                }
            }
            return 0;
        }
        List<LegacyUser> us = Files.exists(users) ? users(users) : List.of();
        Map<String, String> ids = new LinkedHashMap<>();
        for (LegacyUser u : us) {
            if (ids.put(u.name(), Users.newId()) != null) {
                throw new DemoDataException(users + " line " + u.line() + ": the user \"" + u.name()
                        + "\" is listed twice; keep one line, then start again");
            }
        }
        List<LegacyFile> fs = Files.exists(files) ? files(files) : List.of();
        for (LegacyFile f : fs) {
            if (!ids.containsKey(f.owner())) {
                throw new DemoDataException(files + " line " + f.line() + ": the owner \"" + f.owner() + "\" is not in "
                        + users + "; add the user or remove the line, then start again (nothing was imported)");
            }
        }
        String backupName = "backup-0.1.0-" + STAMP.format(Instant.now());
        Path backup = data.resolve(backupName);
        Files.createDirectories(backup);
        for (Path p : List.of(users, files)) {
            if (Files.exists(p)) {
                Files.copy(p, backup.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        try {
            db.write(c -> {
                for (LegacyUser u : us) {
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO users(id, name, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                        s.setString(1, ids.get(u.name()));
                        s.setString(2, u.name());
                        s.setString(3, u.phc());
                        s.setString(4, Instant.now().toString());
                        s.executeUpdate();
                    } catch (SQLException e) {
                        throw new SQLException(users + " line " + u.line() + ": the user \"" + u.name()
                                + "\" cannot be imported (" + e.getMessage() + ")", e);
                    }
                }
                for (LegacyFile f : fs) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO files(id, owner_id, name, media_type, size, "
                            + "uploaded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                        s.setString(1, f.id());
                        s.setString(2, ids.get(f.owner()));
                        s.setString(3, FileIndex.clean(f.name()));
                        s.setString(4, f.type());
                        s.setLong(5, f.size());
                        s.setString(6, f.uploaded().toString());
                        s.executeUpdate();
                    } catch (SQLException e) {
                        throw new SQLException(files + " line " + f.line() + ": the file " + f.id()
                                + " cannot be imported (" + e.getMessage() + ")", e);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO migrations_done(name, at) VALUES (?, ?)")) {
                    s.setString(1, MARKER);
                    s.setString(2, backupName);
                    s.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DemoDataException(e.getMessage().split("\n")[0] + "; nothing was imported, the files are unchanged");
        }
        Files.deleteIfExists(users);
        Files.deleteIfExists(files);
        LOG.log(System.Logger.Level.INFO, "imported " + us.size() + " user(s) and " + fs.size()
                + " file(s) from a 0.1.0 data directory; the originals are in " + backup);
        return us.size();
    }

    private static String marker(Database db) throws IOException {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT at FROM migrations_done WHERE name = ?")) {
                s.setString(1, MARKER);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    private static List<String> lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DemoDataException(file + " is not UTF-8 text; restore it from a backup, then start again "
                    + "(nothing was imported)");
        }
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static DemoDataException bad(Path file, int line, String what) {
        return new DemoDataException(file + " line " + line + ": " + what + "; fix or remove the line, then start again "
                + "(nothing was imported)");
    }

    private static List<LegacyUser> users(Path file) throws IOException {
        List<LegacyUser> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 4) {
                throw bad(file, n, "expected 4 tab-separated fields (name, iterations, salt, hash), found " + f.length);
            }
            if (!Users.NAME.matcher(f[0]).matches()) {
                throw bad(file, n, "\"" + f[0] + "\" is not a valid user name");
            }
            int iterations;
            byte[] salt;
            byte[] hash;
            try {
                iterations = Integer.parseInt(f[1]);
                salt = Base64.getDecoder().decode(f[2]);
                hash = Base64.getDecoder().decode(f[3]);
            } catch (IllegalArgumentException e) {
                throw bad(file, n, "the iterations, salt or hash of \"" + f[0] + "\" do not parse");
            }
            if (iterations < PasswordHash.MIN_ITERATIONS || iterations > PasswordHash.MAX_ITERATIONS || salt.length < 8
                    || hash.length != 32) {
                throw bad(file, n, "the hash of \"" + f[0] + "\" is not PBKDF2-SHA256 with " + PasswordHash.MIN_ITERATIONS
                        + " to " + PasswordHash.MAX_ITERATIONS + " iterations");
            }
            out.add(new LegacyUser(f[0], PasswordHash.phc(iterations, salt, hash), n));
        }
        return out;
    }

    private static List<LegacyFile> files(Path file) throws IOException {
        List<LegacyFile> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 6) {
                throw bad(file, n, "expected 6 tab-separated fields (id, owner, name, type, size, time), found " + f.length);
            }
            if (!f[0].matches("[0-9a-f]{32}")) {
                throw bad(file, n, "\"" + f[0] + "\" is not a stored file id");
            }
            try {
                out.add(new LegacyFile(f[0], f[1], f[2], f[3], Long.parseLong(f[4]), Instant.parse(f[5]), n));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw bad(file, n, "the size or time of " + f[0] + " does not parse");
            }
        }
        return out;
    }
}

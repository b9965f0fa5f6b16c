package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database without a server: schema, damage detection, full storage, one transaction per change. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void newDatabaseHasTheLatestSchemaAndReopensWithoutMigratingAgain() throws Exception {
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
        }
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
        }
    }

    @Test
    void databaseFromANewerDemoIsRefusedAndLeftAlone() throws Exception {
        try (Database db = Database.open(dir)) {
            try (Statement s = db.connectionForTests().createStatement()) {
                s.execute("PRAGMA user_version = 99");
            }
        }
        byte[] before = Files.readAllBytes(dir.resolve(Database.FILE));
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(DemoDataException.class)
                .hasMessageContaining("demo.db has schema version 99").hasMessageContaining("knows only up to");
        assertThat(Files.readAllBytes(dir.resolve(Database.FILE))).isEqualTo(before);
    }

    @Test
    void fileThatIsNotADatabaseIsRefusedWithOneLineAndNeverReplaced() throws Exception {
        byte[] junk = "users.tsv was copied here by mistake\n".repeat(200).getBytes();
        Files.write(dir.resolve(Database.FILE), junk);
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(DemoDataException.class)
                .hasMessageContaining(dir.resolve(Database.FILE).toString()).hasMessageContaining("left as it is")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(dir.resolve(Database.FILE))).isEqualTo(junk);
    }

    @Test
    void databaseWithDamagedPagesIsRefusedAndControlIntactOneOpens() throws Exception {
        try (Database db = Database.open(dir)) {
            db.write(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < 400; i++) {
                        s.setString(1, Users.newId());
                        s.setString(2, "user" + i);
                        s.setString(3, "$pbkdf2-sha256$i=600000$" + "A".repeat(22) + "$" + "B".repeat(43));
                        s.setString(4, "2026-01-01T00:00:00Z");
                        s.executeUpdate();
                    }
                }
                return null;
            });
            try (Statement s = db.connectionForTests().createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        Database.open(dir).close(); // control: intact, it opens
        Path file = dir.resolve(Database.FILE);
        byte[] b = Files.readAllBytes(file);
        for (int i = 4096 + 100; i < b.length - 100; i += 4096) { // scribble over the middle of every page but the first
            for (int j = 0; j < 64; j++) {
                b[i + j] = (byte) 0x5a;
            }
        }
        Files.write(file, b);
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(DemoDataException.class)
                .hasMessageContaining("demo.db").hasMessageContaining("restore it from a backup");
        assertThat(Files.readAllBytes(file)).isEqualTo(b);
    }

    @Test
    void fullStorageRollsTheWholeChangeBackAndSaysSo() throws Exception {
        try (Database db = Database.open(dir)) {
            limitToCurrentSize(db);
            assertThatThrownBy(() -> db.change("test", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO throttle VALUES (?, 0, 1)")) {
                    for (int i = 0; i < 5_000; i++) {
                        s.setString(1, "k" + i + "-".repeat(200));
                        s.executeUpdate();
                    }
                }
                return null;
            })).isInstanceOf(Database.StorageFullException.class);
            int rows = db.read(c -> {
                try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM throttle")) {
                    return r.next() ? r.getInt(1) : -1;
                }
            });
            assertThat(rows).as("nothing of the failed transaction is kept").isZero();
        }
    }

    /** SQLite's own "database or disk is full" (SQLITE_FULL): the file may not grow past its current pages. */
    static void limitToCurrentSize(Database db) throws Exception {
        try (Statement s = db.connectionForTests().createStatement()) {
            int pages;
            try (var r = s.executeQuery("PRAGMA page_count")) {
                r.next();
                pages = r.getInt(1);
            }
            s.execute("PRAGMA max_page_count = " + pages);
        }
    }

    static void unlimited(Database db) throws Exception {
        try (Statement s = db.connectionForTests().createStatement()) {
            s.execute("PRAGMA max_page_count = 4294967294");
        }
    }
}

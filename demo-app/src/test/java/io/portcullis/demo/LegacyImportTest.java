package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 0.1.0 data directory ({@code users.tsv}, {@code files.tsv}) is moved into the database once,
 * with a backup; a damaged line stops the start and nothing is lost or half-imported.
 */
class LegacyImportTest {

    @TempDir
    Path data;

    private static String userLine(String name, String password) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        byte[] hash = PasswordHash.pbkdf2(password.toCharArray(), salt, PasswordHash.MIN_ITERATIONS);
        return name + "\t" + PasswordHash.MIN_ITERATIONS + "\t" + Base64.getEncoder().encodeToString(salt) + "\t"
                + Base64.getEncoder().encodeToString(hash);
    }

    private static final String FILE_ID = "0123456789abcdef0123456789abcdef";

    private void write010(String users, String files) throws Exception {
        Files.writeString(data.resolve("users.tsv"), users, StandardCharsets.UTF_8);
        Files.writeString(data.resolve("files.tsv"), files, StandardCharsets.UTF_8);
    }

    @Test
    void oldDataDirIsImportedOnceWithABackupAndUsersLogInWithTheirOldPasswords() throws Exception {
        write010(userLine("alice", "alice's old password") + "\n" + userLine("bob", "bob's old password") + "\n",
                FILE_ID + "\talice\tnotes.txt\ttext/plain\t5\t2026-01-01T00:00:00Z\n");
        try (Database db = Database.open(data)) {
            assertThat(LegacyImport.run(data, db)).isEqualTo(2);
            FileIndex index = new FileIndex(db);
            Users users = new Users(db, 2);
            Users.User alice = users.verify("alice", "alice's old password").orElseThrow();
            assertThat(users.verify("bob", "bob's old password")).isPresent();
            assertThat(users.verify("alice", "wrong password!")).isEmpty();
            assertThat(alice.id()).matches("[0-9a-f]{32}").isNotEqualTo("alice");
            assertThat(index.get(FILE_ID).orElseThrow().ownerId()).isEqualTo(alice.id());
            assertThat(data.resolve("users.tsv")).doesNotExist();
            assertThat(data.resolve("files.tsv")).doesNotExist();
            Path backup;
            try (Stream<Path> s = Files.list(data)) {
                backup = s.filter(p -> p.getFileName().toString().startsWith("backup-0.1.0-")).findFirst().orElseThrow();
            }
            assertThat(Files.readString(backup.resolve("users.tsv"))).contains("alice\t", "bob\t");
            assertThat(Files.readString(backup.resolve("files.tsv"))).contains(FILE_ID);
            assertThat(LegacyImport.run(data, db)).isZero(); // once only
        }
    }

    @Test
    void damagedUsersLineStopsWithFileAndLineAndNothingIsImportedOrMoved() throws Exception {
        String users = userLine("alice", "alice's old password") + "\nbob\tnot-a-number\tx\ty\n";
        String files = FILE_ID + "\talice\tnotes.txt\ttext/plain\t5\t2026-01-01T00:00:00Z\n";
        write010(users, files);
        try (Database db = Database.open(data)) {
            assertThatThrownBy(() -> LegacyImport.run(data, db)).isInstanceOf(DemoDataException.class)
                    .hasMessageContaining("users.tsv line 2").hasMessageContaining("nothing was imported");
            assertThat(Users.count(db)).isZero();
        }
        assertThat(Files.readString(data.resolve("users.tsv"))).isEqualTo(users);
        assertThat(Files.readString(data.resolve("files.tsv"))).isEqualTo(files);
    }

    @Test
    void fileWhoseOwnerIsMissingStopsTheImport() throws Exception {
        write010("", FILE_ID + "\talice\tnotes.txt\ttext/plain\t5\t2026-01-01T00:00:00Z\n");
        try (Database db = Database.open(data)) {
            assertThatThrownBy(() -> LegacyImport.run(data, db)).isInstanceOf(DemoDataException.class)
                    .hasMessageContaining("files.tsv line 1").hasMessageContaining("\"alice\" is not in");
        }
    }

    @Test
    void notUtf8StopsTheImport() throws Exception {
        Files.write(data.resolve("users.tsv"), new byte[] {'a', 'l', (byte) 0xff, '\t', '1', '\n'});
        try (Database db = Database.open(data)) {
            assertThatThrownBy(() -> LegacyImport.run(data, db)).isInstanceOf(DemoDataException.class)
                    .hasMessageContaining("users.tsv is not UTF-8");
        }
    }

    @Test
    void filesBelongToTheIdSoANewcomerWithTheSameNameSeesNothing() throws Exception {
        try (DemoFixture demo = DemoFixture.start()) {
            WebClient alice = demo.https();
            assertThat(alice.signUp("alice", DemoFixture.password()).statusCode()).isEqualTo(303);
            HttpResponse<String> up = alice.postFile("/upload", java.util.Map.of("csrf", alice.csrfFrom("/upload")),
                    "secret.txt", "text/plain", "alice's secret\n".getBytes(StandardCharsets.UTF_8));
            assertThat(up.statusCode()).isEqualTo(201);
            String id = up.body().replaceAll("(?s).*href=\"/files/([0-9a-f]{32})\".*", "$1");
            // the account table loses alice's name (what an emptied users.tsv did in 0.1.0)
            demo.server.app().database().write(c -> {
                try (var s = c.prepareStatement("UPDATE users SET name = 'alice-lost' WHERE name = 'alice'")) {
                    return s.executeUpdate();
                }
            });
            WebClient newcomer = demo.https();
            assertThat(newcomer.signUp("alice", "another password!").statusCode()).isEqualTo(303);
            assertThat(newcomer.get("/files/" + id).statusCode()).isEqualTo(404);
            assertThat(newcomer.get("/files").body()).doesNotContain("secret.txt");
            assertThat(alice.getBytes("/files/" + id).statusCode()).isEqualTo(200); // control: the owner's id still owns it
        }
    }
}

package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The passwords module in the demo, over real HTTPS: the checker enforced at sign-up and on the
 * change-password page (weak refused next to a strong accepted), the as-you-type endpoint, and
 * the upgrade of PBKDF2 rows (here from a 0.1.0 {@code users.tsv} import) to Argon2id at the next log-in.
 */
class PasswordPagesTest {

    private static final String LEGACY_USER = "legacy-user";
    private static final String LEGACY_PASSWORD = "an old but long passphrase";
    private static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start(c -> {
            writeLegacyRow(c.dataDir());
            return c;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    /** A 0.1.0 users.tsv row (name, iterations, salt, PBKDF2WithHmacSHA256 hash), imported at start. */
    private static void writeLegacyRow(Path dir) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] hash = PasswordHash.pbkdf2(LEGACY_PASSWORD.toCharArray(), salt, 600_000);
            Base64.Encoder b64 = Base64.getEncoder();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("users.tsv"), LEGACY_USER + "\t600000\t" + b64.encodeToString(salt) + "\t"
                    + b64.encodeToString(hash) + "\n", StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signUpWithAGuessablePasswordIs400WithTheCheckersMessages() throws Exception {
        String name = DemoFixture.newName();
        HttpResponse<String> r = demo.https().signUp(name, "summer2024summer2024");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Too easy to guess");
        assertThat(demo.server.app().users().exists(name)).isFalse();
    }

    @Test
    void signUpWithThePasswordContainingTheUserNameIsRefused() {
        String name = DemoFixture.newName();
        HttpResponse<String> r = demo.https().signUp(name, name + "!2024");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Too similar to your user name");
    }

    @Test
    void signUpWithAStrongPasswordStoresArgon2id() throws Exception {
        String name = DemoFixture.newName();
        assertThat(demo.https().signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        assertThat(demo.server.app().users().algorithm(name)).isEqualTo("argon2id");
        assertThat(demo.https().logIn(name, DemoFixture.password()).statusCode()).isEqualTo(303);
    }

    @Test
    void feedbackEndpointAnswersTheVerdictAsJsonWithoutThePassword() {
        WebClient c = demo.https();
        String csrf = c.csrfFrom("/signup");
        HttpResponse<String> weak = c.post("/password/check", Map.of("csrf", csrf, "password", "football1987"));
        assertThat(weak.statusCode()).isEqualTo(200);
        assertThat(weak.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(weak.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(weak.body()).contains("\"accepted\":false", "TOO_SHORT", "TOO_GUESSABLE", "a year")
                .doesNotContain("football1987");
        HttpResponse<String> strong = c.post("/password/check", Map.of("csrf", csrf, "password", DemoFixture.password()));
        assertThat(strong.body()).contains("\"accepted\":true", "\"reasons\":[]");
    }

    @Test
    void feedbackEndpointUsesTheTypedUserNameAsContext() {
        WebClient c = demo.https();
        String csrf = c.csrfFrom("/signup");
        HttpResponse<String> r = c.post("/password/check",
                Map.of("csrf", csrf, "password", "maximilian-2024!", "username", "maximilian"));
        assertThat(r.body()).contains("SIMILAR_TO_CONTEXT");
    }

    @Test
    void signUpAndChangePasswordPagesCarryTheFeedbackScriptWithTheNonce() {
        WebClient c = demo.newUser();
        for (String page : new String[] {"/signup", "/password"}) {
            HttpResponse<String> r = (page.equals("/signup") ? demo.https() : c).get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).contains("id=\"pw-feedback\"", "/password/check").containsPattern("<script nonce=\"[^\"]+\">");
        }
    }

    @Test
    void changePasswordRefusesAWrongCurrentOrAWeakNewAndAcceptsAStrongOne() {
        String name = DemoFixture.newName();
        WebClient c = demo.https();
        assertThat(c.signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
        String csrf = c.csrfFrom("/password");
        String strong = "a different long passphrase 77";

        HttpResponse<String> wrongCurrent = c.post("/password",
                Map.of("csrf", csrf, "current", "not my password at all", "password", strong));
        assertThat(wrongCurrent.statusCode()).isEqualTo(401);

        HttpResponse<String> weak = c.post("/password",
                Map.of("csrf", csrf, "current", DemoFixture.password(), "password", "password123"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("Use at least 15 characters");

        HttpResponse<String> ok = c.post("/password",
                Map.of("csrf", csrf, "current", DemoFixture.password(), "password", strong));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("id=\"changed\"");

        assertThat(demo.https().logIn(name, DemoFixture.password()).statusCode()).isEqualTo(401);
        assertThat(demo.https().logIn(name, strong).statusCode()).isEqualTo(303);
    }

    @Test
    void importedPbkdf2RowIsUpgradedToArgon2idAtTheNextLogIn() throws Exception {
        Users users = demo.server.app().users();
        assertThat(users.algorithm(LEGACY_USER)).isEqualTo("pbkdf2-sha256");
        assertThat(demo.https().logIn(LEGACY_USER, "a wrong passphrase here").statusCode()).isEqualTo(401);
        assertThat(users.algorithm(LEGACY_USER)).as("a failed log-in changes nothing").isEqualTo("pbkdf2-sha256");

        assertThat(demo.https().logIn(LEGACY_USER, LEGACY_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(users.algorithm(LEGACY_USER)).isEqualTo("argon2id");
        assertThat(demo.https().logIn(LEGACY_USER, LEGACY_PASSWORD).statusCode()).as("the new hash verifies").isEqualTo(303);
    }
}

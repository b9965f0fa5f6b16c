package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void maskGivesAFreshStringEveryTimeForOneSecret() {
        byte[] secret = Tokens.randomBytes(32);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String t = Tokens.mask(secret);
            assertThat(t).hasSize(86).matches("[A-Za-z0-9_-]+");
            assertThat(Tokens.unmask(t)).isEqualTo(secret);
            seen.add(t);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void unmaskRefusesWhatIsNotAToken() {
        for (String bad : new String[] {"", "x", "not-a-token", "=".repeat(86), "+".repeat(86), "A".repeat(85), "A".repeat(87)}) {
            assertThat(Tokens.unmask(bad)).as(bad).isNull();
        }
    }

    @Test
    void cookieSignatureOfAnotherKeyOrAlteredSecretIsRefused() {
        byte[] key = Tokens.randomBytes(32);
        byte[] secret = Tokens.randomBytes(32);
        String cookie = Tokens.signedCookie(secret, key);
        assertThat(Tokens.verifyCookie(cookie, key)).isEqualTo(secret);
        assertThat(Tokens.verifyCookie(cookie, Tokens.randomBytes(32))).isNull();
        String other = Tokens.signedCookie(Tokens.randomBytes(32), key);
        String spliced = other.substring(0, other.indexOf('.')) + cookie.substring(cookie.indexOf('.'));
        assertThat(Tokens.verifyCookie(spliced, key)).isNull();
        assertThat(Tokens.verifyCookie("abc", key)).isNull();
        assertThat(Tokens.verifyCookie(".abc", key)).isNull();
    }
}

package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The demo's legacy PBKDF2 rows: a stored iteration count far above the demo's own is refused without
 * computing it (any visitor reaches this fallback with a password that NFKC normalisation changes).
 */
class PasswordHashTest {

    private static final byte[] SALT = Base64.getDecoder().decode("c2FsdHNhbHRzYWx0c2FsdA==");

    /** PBKDF2-SHA256 straight from the JDK, at any count (the class under test refuses counts out of range). */
    private static byte[] jdkPbkdf2(String password, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), SALT, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void storedCountAboveTheCeilingMatchesNothingAndIsNotImported() {
        // the right hash for this password at that count: only the ceiling stops it from matching
        int over = PasswordHash.MAX_ITERATIONS + 1;
        String tampered = PasswordHash.phc(over, SALT, jdkPbkdf2("ﬁne password", over));
        assertThat(PasswordHash.verify(tampered, "ﬁne password")).isFalse();
        assertThat(PasswordHash.wellFormed(tampered)).isFalse();
        assertThat(PasswordHash.wellFormed("$pbkdf2-sha256$i=999999999$" + "c2FsdHNhbHRzYWx0c2FsdA" + "$" + "AAAA")).isFalse();
    }

    @Test
    void storedCountAtTheCeilingStillVerifies() {
        String stored = PasswordHash.phc(PasswordHash.MAX_ITERATIONS, SALT,
                PasswordHash.pbkdf2("ﬁne password".toCharArray(), SALT, PasswordHash.MAX_ITERATIONS));
        assertThat(PasswordHash.verify(stored, "ﬁne password")).isTrue();
        assertThat(PasswordHash.verify(stored, "fine password")).isFalse();
        assertThat(PasswordHash.wellFormed(stored)).isTrue();
    }
}

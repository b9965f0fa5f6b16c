package io.portcullis.demo;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as opaque PHC strings (the form of the Password Hashing Competition's string
 * format), stored in one {@code users.password_hash} column, so another algorithm (Argon2id
 * from the {@code passwords} module) can be added by prefix without a schema change:
 * {@code $pbkdf2-sha256$i=600000$<salt>$<hash>} with unpadded standard Base64. The JDK's
 * PBKDF2WithHmacSHA256, a random 16-byte salt and {@value #ITERATIONS} iterations (OWASP
 * Password Storage Cheat Sheet, 2023); a stored count below {@value #MIN_ITERATIONS} or above
 * {@link #MAX_ITERATIONS} is refused.
 */
final class PasswordHash {

    static final int ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 210_000;
    /**
     * A stored count above this (four times ours, the passwords module's ceiling for stored costs) is
     * refused before computing: a tampered or imported row with a count near 10^9 would hold a log-in
     * thread for minutes, and any visitor can reach this fallback with a password that NFKC changes.
     */
    static final int MAX_ITERATIONS = 4 * ITERATIONS;
    private static final Pattern PBKDF2 = Pattern.compile("\\$pbkdf2-sha256\\$i=([0-9]{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENC = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private PasswordHash() {
    }

    /** A new PHC string for {@code password}. */
    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return phc(ITERATIONS, salt, pbkdf2(password.toCharArray(), salt, ITERATIONS));
    }

    static String phc(int iterations, byte[] salt, byte[] hash) {
        return "$pbkdf2-sha256$i=" + iterations + "$" + ENC.encodeToString(salt) + "$" + ENC.encodeToString(hash);
    }

    /** True when {@code password} matches the PHC string {@code stored}. */
    static boolean verify(String stored, String password) {
        Matcher m = PBKDF2.matcher(stored);
        if (!m.matches()) {
            throw new IllegalStateException("unknown password hash format: " + stored.substring(0, Math.min(16, stored.length())));
        }
        int iterations = Integer.parseInt(m.group(1));
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            return false; // a row no import writes: it matches no password, and costs nothing to refuse
        }
        byte[] expected = DEC.decode(m.group(3));
        byte[] got = pbkdf2(password.toCharArray(), DEC.decode(m.group(2)), iterations);
        return MessageDigest.isEqual(got, expected);
    }

    /** True when {@code s} is a PHC string this class can verify (used by the 0.1.0 import). */
    static boolean wellFormed(String s) {
        Matcher m = PBKDF2.matcher(s);
        return m.matches() && Integer.parseInt(m.group(1)) >= MIN_ITERATIONS && Integer.parseInt(m.group(1)) <= MAX_ITERATIONS;
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalStateException("stored PBKDF2 iteration count " + iterations + " outside " + MIN_ITERATIONS
                    + "-" + MAX_ITERATIONS);
        }
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}

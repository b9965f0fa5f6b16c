package io.portcullis.csrf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token arithmetic, all of it: 32-byte secrets, BREACH masking (a fresh one-time pad per
 * rendering, so the bytes in a compressed page never repeat — Spring Security's
 * {@code XorCsrfTokenRequestAttributeHandler}, Django's {@code _mask_cipher_secret}) and the
 * HMAC-SHA256 signature of the double-submit cookie (OWASP "signed double-submit cookie").
 */
final class Tokens {

    static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final byte[] CONTEXT = "portcullis-csrf-v1|".getBytes(StandardCharsets.US_ASCII);

    private Tokens() {
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code base64url(pad || secret XOR pad)} with a fresh pad: a new string every call for one secret. */
    static String mask(byte[] secret) {
        byte[] pad = randomBytes(secret.length);
        byte[] out = new byte[secret.length * 2];
        for (int i = 0; i < secret.length; i++) {
            out[i] = pad[i];
            out[secret.length + i] = (byte) (secret[i] ^ pad[i]);
        }
        return ENC.encodeToString(out);
    }

    /** The secret inside a masked token, or null when it is not one (wrong length, not base64url). */
    static byte[] unmask(String token) {
        if (token.length() != 86) {
            return null;
        }
        byte[] raw;
        try {
            raw = DEC.decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != SECRET_BYTES * 2) {
            return null;
        }
        byte[] secret = new byte[SECRET_BYTES];
        for (int i = 0; i < SECRET_BYTES; i++) {
            secret[i] = (byte) (raw[i] ^ raw[SECRET_BYTES + i]);
        }
        return secret;
    }

    /** The cookie value {@code base64url(secret) "." base64url(HMAC(key, context || secret))}. */
    static String signedCookie(byte[] secret, byte[] key) {
        return ENC.encodeToString(secret) + "." + ENC.encodeToString(hmac(key, secret));
    }

    /** The secret of a cookie value whose signature is right, else null. */
    static byte[] verifyCookie(String value, byte[] key) {
        int dot = value.indexOf('.');
        if (dot <= 0 || value.length() > 200) {
            return null;
        }
        try {
            byte[] secret = DEC.decode(value.substring(0, dot));
            byte[] mac = DEC.decode(value.substring(dot + 1));
            if (secret.length != SECRET_BYTES || !MessageDigest.isEqual(mac, hmac(key, secret))) {
                return null;
            }
            return secret;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static byte[] hmac(byte[] key, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(CONTEXT);
            return mac.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}

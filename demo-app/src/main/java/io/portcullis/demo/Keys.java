package io.portcullis.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The demo's 256-bit secret ({@code share-link.key}): made once, never silently replaced. */
final class Keys {

    private Keys() {
    }

    /**
     * Reads the key, or makes it when the file does not exist.
     *
     * @throws DemoDataException when the file exists but is not a Base64 256-bit key
     */
    static byte[] load(Path file) throws IOException {
        if (Files.exists(file)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw damaged(file);
            }
            try {
                byte[] key = Base64.getDecoder().decode(text);
                if (key.length == 32) {
                    return key;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw damaged(file);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the data directory's ACL applies
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return key;
    }

    private static DemoDataException damaged(Path file) {
        return new DemoDataException(file + " is not a Base64 256-bit key. It was left as it is: restore it, or delete "
                + "it to make a new one (share links made so far stop working)");
    }

    /** An independent key for {@code purpose}: HMAC-SHA256(key, purpose). */
    static byte[] derive(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("portcullis-demo|" + purpose).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

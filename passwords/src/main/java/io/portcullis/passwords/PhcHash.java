package io.portcullis.passwords;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stored hash in PHC string format, parsed strictly:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} or
 * {@code $pbkdf2-sha256$i=600000$<salt>$<hash>}, salt and hash in standard base64 without padding.
 * Parameters are bounded on parse so a tampered row cannot ask for a terabyte of memory or a
 * billion iterations.
 *
 * @param algorithm  the algorithm
 * @param memoryKib  Argon2 m (0 for PBKDF2)
 * @param iterations Argon2 t or PBKDF2 i
 * @param lanes      Argon2 p (0 for PBKDF2)
 * @param salt       the salt, 8–64 bytes
 * @param hash       the hash, 16–64 bytes
 */
record PhcHash(HashAlgorithm algorithm, int memoryKib, int iterations, int lanes, byte[] salt, byte[] hash) {

    static final int ARGON2_VERSION = 19;
    /** A stored hash may cost at most this many times the policy's parameters (see {@link #tooCostly}). */
    static final int MAX_COST_FACTOR = 4;
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$argon2id\\$v=([0-9]{1,3})\\$m=([0-9]{1,8}),t=([0-9]{1,4}),p=([0-9]{1,3})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");
    private static final Pattern PBKDF2 = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=([0-9]{1,9})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    PhcHash {
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** Parses {@code encoded}; throws {@link IllegalArgumentException} (without echoing it) when it is not one we accept. */
    static PhcHash parse(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("no stored hash");
        }
        Matcher m = ARGON2.matcher(encoded);
        if (m.matches()) {
            int version = Integer.parseInt(m.group(1));
            int mem = Integer.parseInt(m.group(2));
            int t = Integer.parseInt(m.group(3));
            int p = Integer.parseInt(m.group(4));
            if (version != ARGON2_VERSION) {
                throw new IllegalArgumentException("Argon2 version " + version + " is not 19");
            }
            if (p < 1 || p > 16 || t < 1 || t > 100 || mem < 8 * p || mem > HashPolicy.MAX_ARGON2_MEMORY_KIB) {
                throw new IllegalArgumentException("Argon2id parameters out of bounds");
            }
            return new PhcHash(HashAlgorithm.ARGON2ID, mem, t, p, decode(m.group(5), 8), decode(m.group(6), 16));
        }
        m = PBKDF2.matcher(encoded);
        if (m.matches()) {
            int i = Integer.parseInt(m.group(1));
            if (i < 1 || i > 100_000_000) {
                throw new IllegalArgumentException("PBKDF2 iterations out of bounds");
            }
            return new PhcHash(HashAlgorithm.PBKDF2_SHA256, 0, i, 0, decode(m.group(2), 8), decode(m.group(3), 16));
        }
        throw new IllegalArgumentException("not an argon2id or pbkdf2-sha256 PHC string");
    }

    private static byte[] decode(String b64, int min) {
        if (b64.length() % 4 == 1) {
            throw new IllegalArgumentException("bad base64 length");
        }
        byte[] out = B64D.decode(b64);
        if (out.length < min || out.length > 64) {
            throw new IllegalArgumentException("salt or hash length out of bounds");
        }
        return out;
    }

    /** The PHC string. */
    String encode() {
        return switch (algorithm) {
            case ARGON2ID -> "$argon2id$v=" + ARGON2_VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=" + lanes + "$"
                    + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
            case PBKDF2_SHA256 -> "$pbkdf2-sha256$i=" + iterations + "$" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(hash);
        };
    }

    /**
     * Why this stored hash costs too much to verify under {@code policy}, or null when it does
     * not: more than {@value #MAX_COST_FACTOR} times the policy's own parameters for its algorithm
     * (Argon2id memory, Argon2id memory × passes, PBKDF2 iterations). The parse bounds alone let a
     * tampered row ask for 1 GiB × 100 passes or 10^8 PBKDF2 iterations (minutes of CPU per
     * log-in while holding a hashing slot); this ties the bound to what the operator configured.
     */
    String tooCostly(HashPolicy policy) {
        long factor = MAX_COST_FACTOR;
        return switch (algorithm) {
            case ARGON2ID -> memoryKib > factor * policy.argon2MemoryKib()
                    ? "Argon2id m=" + memoryKib + " is more than " + factor + " times the policy's m="
                            + policy.argon2MemoryKib()
                    : (long) memoryKib * iterations > factor * policy.argon2MemoryKib() * policy.argon2Iterations()
                            ? "Argon2id m*t=" + (long) memoryKib * iterations + " is more than " + factor
                                    + " times the policy's m*t=" + (long) policy.argon2MemoryKib() * policy.argon2Iterations()
                            : null;
            case PBKDF2_SHA256 -> iterations > factor * policy.pbkdf2Iterations()
                    ? "PBKDF2 i=" + iterations + " is more than " + factor + " times the policy's i="
                            + policy.pbkdf2Iterations()
                    : null;
        };
    }

    /** Same algorithm and cost parameters as {@code policy} asks for new hashes. */
    boolean matches(HashPolicy policy) {
        if (algorithm != policy.algorithm() || hash.length != PasswordHasher.HASH_BYTES
                || salt.length < PasswordHasher.SALT_BYTES) {
            return false;
        }
        return switch (algorithm) {
            case ARGON2ID -> memoryKib == policy.argon2MemoryKib() && iterations == policy.argon2Iterations()
                    && lanes == policy.argon2Parallelism();
            case PBKDF2_SHA256 -> iterations == policy.pbkdf2Iterations();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhcHash h && encode().equals(h.encode());
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return "PhcHash[" + algorithm.token() + ", m=" + memoryKib + ", i=" + iterations + ", p=" + lanes + "]";
    }
}

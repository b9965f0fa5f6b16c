package io.portcullis.passwords;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Hashes and verifies passwords as PHC strings, Argon2id by default (Bouncy Castle's
 * implementation of RFC 9106), PBKDF2-HMAC-SHA256 when configured or found in a stored hash.
 * The password is normalised to NFKC and encoded as UTF-8 first, as {@link PasswordChecker} does.
 *
 * <p>Comparison is constant-time ({@link MessageDigest#isEqual}). {@link #needsRehash} tells the
 * app, right after a successful {@link #verify}, that the stored hash uses another algorithm or
 * other parameters than the policy's, so it can store {@link #hash} of the password it has in
 * hand (Spring Security's {@code upgradeEncoding}, Django's {@code must_update}).
 *
 * <p>At most {@link HashPolicy#maxConcurrent()} hashes run at once (each Argon2id hash holds its
 * memory, 19 MiB by default, for its whole run); callers past that wait up to
 * {@link HashPolicy#queueTimeout()}, then get {@link HasherBusyException}. A log-in flood thus
 * costs bounded CPU and memory instead of slowing every log-in on the server.
 */
public final class PasswordHasher {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /**
     * Longest password hashed or verified, in UTF-16 units before normalisation: Django's 4096
     * (its fix for CVE-2013-1443). The checker accepts at most 1024 code points, so no password it
     * passed is longer; a longer one is refused before NFKC, UTF-8 and the slot, which otherwise
     * cost ~30 ms and ~5 bytes a character per log-in attempt outside the concurrency bound.
     */
    public static final int MAX_PASSWORD_LENGTH = 4096;
    private static final System.Logger LOG = System.getLogger(PasswordHasher.class.getName());

    /** The key-derivation step, replaceable in tests. */
    interface Kdf {
        byte[] derive(PhcHash spec, byte[] password);
    }

    private final HashPolicy policy;
    private final Kdf kdf;
    private final Semaphore slots;
    private final SecureRandom random = new SecureRandom();

    /** A hasher for {@code policy}. */
    public PasswordHasher(HashPolicy policy) {
        this(policy, PasswordHasher::derive);
    }

    PasswordHasher(HashPolicy policy, Kdf kdf) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.kdf = kdf;
        this.slots = new Semaphore(policy.maxConcurrent(), true);
    }

    /** The policy of new hashes. */
    public HashPolicy policy() {
        return policy;
    }

    /**
     * A new PHC string for {@code password} with a fresh 16-byte salt.
     *
     * @throws HasherBusyException when no slot frees up within the queue time-out
     * @throws IllegalArgumentException when the password holds an unpaired surrogate or is longer
     *                                  than {@link #MAX_PASSWORD_LENGTH} UTF-16 units
     */
    public String hash(CharSequence password) {
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        PhcHash spec = switch (policy.algorithm()) {
            case ARGON2ID -> new PhcHash(HashAlgorithm.ARGON2ID, policy.argon2MemoryKib(), policy.argon2Iterations(),
                    policy.argon2Parallelism(), salt, new byte[HASH_BYTES]);
            case PBKDF2_SHA256 -> new PhcHash(HashAlgorithm.PBKDF2_SHA256, 0, policy.pbkdf2Iterations(), 0, salt,
                    new byte[HASH_BYTES]);
        };
        byte[] hash = compute(spec, password);
        return new PhcHash(spec.algorithm(), spec.memoryKib(), spec.iterations(), spec.lanes(), salt, hash).encode();
    }

    /**
     * Whether {@code password} matches {@code encoded}. A stored value that is not a PHC string
     * this hasher reads (or is null) gives {@code false} and a warning in the log, never an
     * exception, and never the value itself in the message. So does a stored hash that costs more
     * than four times the policy's own parameters for its algorithm (Argon2id memory or memory ×
     * passes, PBKDF2 iterations): it is refused before any memory is taken, so a tampered row
     * cannot hold a hashing slot for minutes. A password longer than {@link #MAX_PASSWORD_LENGTH}
     * is {@code false} at once, before it is normalised.
     *
     * @throws HasherBusyException when no slot frees up within the queue time-out
     */
    public boolean verify(CharSequence password, String encoded) {
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return false;
        }
        PhcHash stored;
        try {
            stored = PhcHash.parse(encoded);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "stored password hash not usable: " + e.getMessage());
            return false;
        }
        String tooCostly = stored.tooCostly(policy);
        if (tooCostly != null) {
            LOG.log(System.Logger.Level.WARNING, "stored password hash not verified: " + tooCostly
                    + " (a tampered row, or hashes made before the parameters were lowered; see docs/passwords.md)");
            return false;
        }
        byte[] actual;
        try {
            actual = compute(stored, password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean same = MessageDigest.isEqual(actual, stored.hash());
        Arrays.fill(actual, (byte) 0);
        return same;
    }

    /**
     * Whether {@code encoded} should be replaced by a new {@link #hash} at the next successful
     * log-in: another algorithm, other parameters, a shorter salt or hash, or unreadable.
     */
    public boolean needsRehash(String encoded) {
        try {
            return !PhcHash.parse(encoded).matches(policy);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Slots free right now (for metrics). */
    public int availableSlots() {
        return slots.availablePermits();
    }

    private byte[] compute(PhcHash spec, CharSequence password) {
        byte[] utf8 = PasswordText.utf8(password);
        try {
            if (!slots.tryAcquire(policy.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new HasherBusyException("all " + policy.maxConcurrent() + " password-hash slots busy for "
                        + policy.queueTimeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Arrays.fill(utf8, (byte) 0);
            throw new HasherBusyException("interrupted while waiting for a password-hash slot");
        }
        try {
            return kdf.derive(spec, utf8);
        } finally {
            slots.release();
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /** The real derivation: Bouncy Castle's Argon2id or PBKDF2-HMAC-SHA256. */
    static byte[] derive(PhcHash spec, byte[] password) {
        byte[] out = new byte[spec.hash().length];
        switch (spec.algorithm()) {
            case ARGON2ID -> {
                Argon2BytesGenerator generator = new Argon2BytesGenerator();
                generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(spec.memoryKib())
                        .withIterations(spec.iterations())
                        .withParallelism(spec.lanes())
                        .withSalt(spec.salt())
                        .build());
                generator.generateBytes(password, out);
            }
            case PBKDF2_SHA256 -> {
                PBEParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
                generator.init(password, spec.salt(), spec.iterations());
                byte[] key = ((KeyParameter) generator.generateDerivedParameters(out.length * 8)).getKey();
                System.arraycopy(key, 0, out, 0, out.length);
                Arrays.fill(key, (byte) 0);
            }
        }
        return out;
    }
}

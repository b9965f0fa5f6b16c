package io.portcullis.passwords;

import static io.portcullis.passwords.PasswordSettings.bad;

import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PasswordHasher} hashes new passwords and how many hashes may run at once.
 * Defaults: Argon2id with OWASP's minimum m=19456 KiB, t=2, p=1; PBKDF2-HMAC-SHA256 at
 * 600,000 iterations when chosen; 16-byte salt, 32-byte hash; as many concurrent hashes as
 * CPUs, a 5 s wait for a slot. Parameters below OWASP's Password Storage Cheat Sheet minimum are
 * refused (Argon2id: m ≥ 7168 KiB and m·t ≥ 35840, which admits every one of its five equivalent
 * settings; PBKDF2-HMAC-SHA256: ≥ 600,000). Immutable; validation happens only in
 * {@link Builder#build()}.
 */
public final class HashPolicy {

    public static final int DEFAULT_ARGON2_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final int DEFAULT_ARGON2_PARALLELISM = 1;
    public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(5);
    static final int MIN_ARGON2_MEMORY_KIB = 7_168;
    static final long MIN_ARGON2_COST = 35_840;
    static final int MAX_ARGON2_MEMORY_KIB = 1 << 20;

    private final HashAlgorithm algorithm;
    private final int argon2MemoryKib;
    private final int argon2Iterations;
    private final int argon2Parallelism;
    private final int pbkdf2Iterations;
    private final int maxConcurrent;
    private final Duration queueTimeout;

    private HashPolicy(Builder b) {
        this.algorithm = b.algorithm;
        this.argon2MemoryKib = b.argon2MemoryKib;
        this.argon2Iterations = b.argon2Iterations;
        this.argon2Parallelism = b.argon2Parallelism;
        this.pbkdf2Iterations = b.pbkdf2Iterations;
        this.maxConcurrent = b.maxConcurrent;
        this.queueTimeout = b.queueTimeout;
    }

    /** Every default. */
    public static HashPolicy defaults() {
        return builder().build();
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code portcullis.password.hash.*} keys (and refuses unknown
     * {@code portcullis.password.*} keys).
     */
    public static HashPolicy fromSettings(Settings settings) {
        ConfigReader r = PasswordSettings.reader(settings);
        return builder()
                .algorithm(r.get(PasswordKeys.HASH_ALGORITHM))
                .argon2MemoryKib(r.get(PasswordKeys.ARGON2_MEMORY))
                .argon2Iterations(r.get(PasswordKeys.ARGON2_ITERATIONS))
                .argon2Parallelism(r.get(PasswordKeys.ARGON2_PARALLELISM))
                .pbkdf2Iterations(r.get(PasswordKeys.PBKDF2_ITERATIONS))
                .maxConcurrent(r.get(PasswordKeys.MAX_CONCURRENT))
                .queueTimeout(r.get(PasswordKeys.QUEUE_TIMEOUT))
                .build();
    }

    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder().algorithm(algorithm).argon2MemoryKib(argon2MemoryKib).argon2Iterations(argon2Iterations)
                .argon2Parallelism(argon2Parallelism).pbkdf2Iterations(pbkdf2Iterations).maxConcurrent(maxConcurrent)
                .queueTimeout(queueTimeout);
    }

    /** Algorithm of new hashes; default {@link HashAlgorithm#ARGON2ID}. */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /** Argon2id memory in KiB; default 19456. */
    public int argon2MemoryKib() {
        return argon2MemoryKib;
    }

    /** Argon2id passes; default 2. */
    public int argon2Iterations() {
        return argon2Iterations;
    }

    /** Argon2id lanes; default 1. */
    public int argon2Parallelism() {
        return argon2Parallelism;
    }

    /** PBKDF2-HMAC-SHA256 iterations; default 600,000. */
    public int pbkdf2Iterations() {
        return pbkdf2Iterations;
    }

    /** Hash computations allowed at once; default the number of CPUs. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Longest wait for a slot; default 5 s. */
    public Duration queueTimeout() {
        return queueTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashPolicy p && algorithm == p.algorithm && argon2MemoryKib == p.argon2MemoryKib
                && argon2Iterations == p.argon2Iterations && argon2Parallelism == p.argon2Parallelism
                && pbkdf2Iterations == p.pbkdf2Iterations && maxConcurrent == p.maxConcurrent
                && queueTimeout.equals(p.queueTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, argon2MemoryKib, argon2Iterations, argon2Parallelism, pbkdf2Iterations,
                maxConcurrent, queueTimeout);
    }

    @Override
    public String toString() {
        return "HashPolicy[" + algorithm.token() + ", m=" + argon2MemoryKib + ",t=" + argon2Iterations + ",p="
                + argon2Parallelism + ", pbkdf2 i=" + pbkdf2Iterations + ", maxConcurrent=" + maxConcurrent
                + ", queueTimeout=" + queueTimeout.toMillis() + "ms]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private HashAlgorithm algorithm = HashAlgorithm.ARGON2ID;
        private int argon2MemoryKib = DEFAULT_ARGON2_MEMORY_KIB;
        private int argon2Iterations = DEFAULT_ARGON2_ITERATIONS;
        private int argon2Parallelism = DEFAULT_ARGON2_PARALLELISM;
        private int pbkdf2Iterations = DEFAULT_PBKDF2_ITERATIONS;
        private int maxConcurrent = defaultConcurrency();
        private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;

        private Builder() {
        }

        public Builder algorithm(HashAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        public Builder argon2MemoryKib(int value) {
            this.argon2MemoryKib = value;
            return this;
        }

        public Builder argon2Iterations(int value) {
            this.argon2Iterations = value;
            return this;
        }

        public Builder argon2Parallelism(int value) {
            this.argon2Parallelism = value;
            return this;
        }

        public Builder pbkdf2Iterations(int value) {
            this.pbkdf2Iterations = value;
            return this;
        }

        /** Hash computations at once, in [1, 4096]. */
        public Builder maxConcurrent(int value) {
            this.maxConcurrent = value;
            return this;
        }

        /** Longest wait for a slot, in [0, 10 min]; 0 fails at once when all slots are taken. */
        public Builder queueTimeout(Duration value) {
            this.queueTimeout = Objects.requireNonNull(value, "queueTimeout");
            return this;
        }

        /** Validates and builds. */
        public HashPolicy build() {
            PasswordKeys.ARGON2_MEMORY.check(argon2MemoryKib);
            PasswordKeys.ARGON2_ITERATIONS.check(argon2Iterations);
            if ((long) argon2MemoryKib * argon2Iterations < MIN_ARGON2_COST) {
                throw bad(PasswordSettings.KEY_ARGON2_ITERATIONS, "times " + PasswordSettings.KEY_ARGON2_MEMORY
                        + " must be at least " + MIN_ARGON2_COST + " (OWASP: m=19456,t=2 or m=47104,t=1 or m=12288,t=3 or"
                        + " m=9216,t=4 or m=7168,t=5); m=" + argon2MemoryKib + " and t", argon2Iterations);
            }
            PasswordKeys.ARGON2_PARALLELISM.check(argon2Parallelism);
            PasswordKeys.PBKDF2_ITERATIONS.check(pbkdf2Iterations);
            PasswordKeys.MAX_CONCURRENT.check(maxConcurrent);
            PasswordKeys.QUEUE_TIMEOUT.check(queueTimeout);
            return new HashPolicy(this);
        }
    }
}

package io.portcullis.benchmarks;

import io.portcullis.passwords.HashAlgorithm;
import io.portcullis.passwords.HashPolicy;
import io.portcullis.passwords.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * passwords' {@code PasswordHasher}: one hash with the default parameters, single thread, per
 * algorithm (Argon2id m=19456 KiB,t=2,p=1; PBKDF2-HMAC-SHA256 600,000 iterations, the demo's
 * current cost). With {@code -prof gc}, {@code gc.alloc.rate.norm} is the memory one hash takes.
 * The log-in flood with the concurrency bound on and off is {@link LoginFloodBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class PasswordHasherBenchmark {

    @Param({"argon2id", "pbkdf2-sha256"})
    public String algorithm;

    private PasswordHasher hasher;

    @Setup
    public void setUp() {
        hasher = new PasswordHasher(HashPolicy.builder()
                .algorithm(algorithm.equals("argon2id") ? HashAlgorithm.ARGON2ID : HashAlgorithm.PBKDF2_SHA256).build());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 3)
    @Measurement(iterations = 3, time = 5)
    public String hash() {
        return hasher.hash("correct horse battery staple");
    }
}

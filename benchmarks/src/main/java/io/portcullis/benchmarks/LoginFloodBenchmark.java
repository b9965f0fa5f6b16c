package io.portcullis.benchmarks;

import io.portcullis.passwords.HashPolicy;
import io.portcullis.passwords.PasswordHasher;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A log-in flood against passwords' {@code PasswordHasher}: 15 threads verify Argon2id hashes
 * (default parameters) back to back while one other thread does a small piece of ordinary
 * request work (SHA-256 of 16 KiB, a stand-in for rendering a page). {@code maxConcurrent} 2 is
 * the bound on (the default on this 2-CPU machine); 4096 is the bound off. Compare log-ins per
 * second, the bystander's requests per second, and with {@code -prof gc} the memory churn.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class LoginFloodBenchmark {

    @Param({"2", "4096"})
    public int maxConcurrent;

    private PasswordHasher hasher;
    private String stored;
    private final byte[] page = new byte[16 * 1024];

    @Setup
    public void setUp() {
        hasher = new PasswordHasher(HashPolicy.builder().maxConcurrent(maxConcurrent)
                .queueTimeout(Duration.ofMinutes(5)).build());
        stored = hasher.hash("correct horse battery staple");
        if (!hasher.verify("correct horse battery staple", stored)) {
            throw new IllegalStateException("hash does not verify");
        }
        java.util.Arrays.fill(page, (byte) 'x');
    }

    @Benchmark
    @Group("flood")
    @GroupThreads(15)
    public boolean login() {
        return hasher.verify("correct horse battery staple", stored);
    }

    @Benchmark
    @Group("flood")
    @GroupThreads(1)
    public void bystander(Blackhole bh) throws Exception {
        bh.consume(java.security.MessageDigest.getInstance("SHA-256").digest(page));
    }
}

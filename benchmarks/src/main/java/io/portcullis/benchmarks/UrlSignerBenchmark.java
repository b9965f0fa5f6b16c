package io.portcullis.benchmarks;

import io.portcullis.sendfile.LinkCheck;
import io.portcullis.sendfile.UrlSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sendfile-support's {@code UrlSigner}: signing a share link (expiry, embargo, bound to a user)
 * and verifying it as {@code SignedUrlFilter} does for every request. Two keys are configured,
 * as during a key rotation. Setup fails unless the link verifies as {@code VALID}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class UrlSignerBenchmark {

    private static final String PATH = "/share/3f9c2b7e5d1a4c8e9b0f6a2d7c4e1b8a";

    private UrlSigner signer;
    private String rawQuery;

    @Setup
    public void setUp() {
        signer = UrlSigner.builder()
                .key("k2", "benchmark key two, 32 bytes long".getBytes(StandardCharsets.US_ASCII))
                .key("k1", "benchmark key one, 32 bytes long".getBytes(StandardCharsets.US_ASCII))
                .currentKey("k2")
                .build();
        String url = sign();
        rawQuery = url.substring(url.indexOf('?') + 1);
        LinkCheck check = verify();
        if (check != LinkCheck.VALID) {
            throw new IllegalStateException("signed link did not verify: " + check + " for " + url);
        }
        System.out.println("# link: " + url);
    }

    @Benchmark
    public String sign() {
        return signer.link(PATH).expiresIn(Duration.ofDays(1)).notBefore(java.time.Instant.now().minusSeconds(60)).user("alice").sign();
    }

    @Benchmark
    public LinkCheck verify() {
        return signer.verify(PATH, rawQuery, "alice");
    }
}

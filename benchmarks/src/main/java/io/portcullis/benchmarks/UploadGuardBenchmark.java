package io.portcullis.benchmarks;

import io.portcullis.upload.Samples;

import io.portcullis.upload.Reason;
import io.portcullis.upload.UploadGuard;
import io.portcullis.upload.UploadPolicy;
import io.portcullis.upload.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * {@code UploadGuard.inspect(InputStream, filename)} on three inputs: a real PNG (accepted by
 * {@code images()}), a small .docx (accepted by {@code office()}) and the D1 2 MB zip bomb
 * (rejected with {@code CONTAINER_LIMIT} by {@code office()}). Each call spools the stream to a
 * private temp file, hashes it, detects the type and applies the content rules, as in
 * production. Setup fails if a verdict is not the expected one, so a benchmark can never time
 * the wrong path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class UploadGuardBenchmark {

    @Param({"png", "docx", "zipBomb"})
    public String sample;

    private byte[] bytes;
    private String filename;
    private UploadGuard guard;

    @Setup
    public void setUp() throws IOException {
        switch (sample) {
            case "png" -> {
                bytes = Samples.image("png", 64, 64);
                filename = "photo.png";
                guard = new UploadGuard(UploadPolicy.images());
            }
            case "docx" -> {
                bytes = Samples.docx();
                filename = "report.docx";
                guard = new UploadGuard(UploadPolicy.office());
            }
            case "zipBomb" -> {
                bytes = Samples.zipBomb();
                filename = "bomb.docx";
                guard = new UploadGuard(UploadPolicy.office());
            }
            default -> throw new IllegalArgumentException(sample);
        }
        Verdict v = inspect();
        boolean expected = sample.equals("zipBomb") ? v.has(Reason.CONTAINER_LIMIT) : v.accepted();
        if (!expected) {
            throw new IllegalStateException(sample + " (" + bytes.length + " bytes) gave an unexpected verdict: " + v.reasonCodes() + " " + v.message());
        }
        System.out.println("# " + sample + ": " + bytes.length + " bytes -> " + (v.accepted() ? "accepted " + v.detectedType() : v.reasonCodes()));
    }

    @Benchmark
    public Verdict inspect() throws IOException {
        return guard.inspect(new ByteArrayInputStream(bytes), filename);
    }
}

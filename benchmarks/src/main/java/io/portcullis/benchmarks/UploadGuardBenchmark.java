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
 * {@code UploadGuard.inspect(InputStream, filename)} on four inputs: two real PNGs (a tiny one, and
 * an 8 KB noisy one for the allocation goal; accepted by {@code images()}), a small .docx (accepted by {@code office()}) and the D1 2 MB zip bomb
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

    @Param({"png", "png8k", "docx", "zipBomb"})
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
            case "png8k" -> {
                bytes = noisyPng();
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

    /**
     * A deterministic 56 x 56 PNG of low-amplitude noise over a gradient: 7 981 bytes, the
     * "8 KB PNG" of the allocation goal (at most 64 KB and 0.5 ms per inspection).
     */
    static byte[] noisyPng() throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                img.setRGB(x, y, r.nextInt() & 0x1f1f1f | (x * 3 << 16) | (y * 3 << 8));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Benchmark
    public Verdict inspect() throws IOException {
        return guard.inspect(new ByteArrayInputStream(bytes), filename);
    }
}

package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * False positives of the server-code rule on generated images: seeded noise of varied sizes and
 * kinds (uniform noise, photo-like gradients with Gaussian noise, dark and mid-grey images whose
 * bytes are mostly printable, random palettes) written as PNG, JPEG, GIF, BMP and TIFF (in turn
 * uncompressed, Deflate and LZW, so the strip decoders see noise too), every one inspected by the
 * real guard. None may be refused.
 *
 * <p>{@code mvn verify} runs {@value #DEFAULT_COUNT} images; the long run is
 * {@code mvn -o -pl upload-guard -am test -Dtest=NoiseImagesTest -Dnoise.count=10000
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class NoiseImagesTest {

    static final int DEFAULT_COUNT = 200;
    static final String[] FORMATS = {"png", "jpg", "gif", "bmp", "tiff"};
    static final UploadPolicy POLICY = UploadPolicy.builder().allow("png", "jpg", "gif", "bmp", "tiff")
            .maxFileSize(64L << 20).build();

    @Test
    void noGeneratedNoiseImageIsRefused() throws Exception {
        int count = Integer.getInteger("noise.count", DEFAULT_COUNT);
        SplittableRandom r = new SplittableRandom(Long.getLong("noise.seed", 9));
        UploadGuard guard = new UploadGuard(POLICY);
        List<String> refused = new ArrayList<>();
        long bytes = 0;
        long start = System.nanoTime();
        long inspecting = 0;
        for (int i = 0; i < count; i++) {
            String format = FORMATS[i % FORMATS.length];
            int kind = r.nextInt(4);
            int w = 1 + (int) (Math.pow(r.nextDouble(), 2) * 600);
            int h = 1 + r.nextInt(Math.min(2000, 1 + 80_000 / w));
            // TIFFs in turn uncompressed, Deflate and LZW, so the strip decoders meet noise too
            int tiffKind = i / FORMATS.length % 3;
            byte[] file = format.equals("tiff") && tiffKind > 0
                    ? CodeSamples.writeTiff(image(r, kind, w, h, format), tiffKind == 1 ? "Deflate" : "LZW")
                    : CodeSamples.write(image(r, kind, w, h, format), format);
            bytes += file.length;
            long t0 = System.nanoTime();
            Verdict v = guard.inspect(new ByteArrayInputStream(file), "noise." + format);
            inspecting += System.nanoTime() - t0;
            if (!v.accepted()) {
                refused.add("#" + i + " kind " + kind + " " + w + "x" + h + " " + v);
            }
        }
        System.out.printf("NoiseImagesTest: %d images, %d bytes (%.1f MiB), %d refused, %.1f s (%.1f s inspecting)%n", count,
                bytes, bytes / 1048576.0, refused.size(), (System.nanoTime() - start) / 1e9, inspecting / 1e9);
        assertThat(refused).as("noise images refused").isEmpty();
    }

    static BufferedImage image(SplittableRandom r, int kind, int w, int h, String format) {
        if (kind == 3 && (format.equals("gif") || format.equals("png") || format.equals("bmp"))) {
            byte[] p = new byte[768];
            r.nextBytes(p);
            byte[] red = java.util.Arrays.copyOfRange(p, 0, 256);
            byte[] green = java.util.Arrays.copyOfRange(p, 256, 512);
            byte[] blue = java.util.Arrays.copyOfRange(p, 512, 768);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                    new IndexColorModel(8, 256, red, green, blue));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.getRaster().setSample(x, y, 0, r.nextInt(256));
                }
            }
            return img;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int base = r.nextInt(256);
        double sigma = 1 + r.nextDouble() * 12;
        double gx = (r.nextDouble() - 0.5) * 256.0 / Math.max(1, w);
        double gy = (r.nextDouble() - 0.5) * 256.0 / Math.max(1, h);
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (kind == 0) {
                    rgb[y * w + x] = r.nextInt(1 << 24);
                } else {
                    // photo-like: a gradient (kind 1) or a flat dark/mid grey (kind 2, bytes mostly printable) plus noise
                    double mean = kind == 1 ? base + gx * x + gy * y : 0x30 + (base & 0x3F);
                    rgb[y * w + x] = clamp(mean + r.nextGaussian() * sigma) << 16
                            | clamp(mean + r.nextGaussian() * sigma) << 8 | clamp(mean + r.nextGaussian() * sigma);
                }
            }
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}

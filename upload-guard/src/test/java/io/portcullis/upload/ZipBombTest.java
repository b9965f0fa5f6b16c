package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The D1 2 MB zip bomb and the D3 200 000-entry zip are rejected with CONTAINER_LIMIT before any
 * Tika detection. Times are printed (BENCH lines) for docs/upload-guard.md, never asserted.
 */
class ZipBombTest {

    @TempDir
    Path tmp;

    private final UploadGuard guard = new UploadGuard(UploadPolicy.office().toBuilder().allow("zip").maxFileSize(64L << 20).build());

    @Test
    void twoMegabyteBombRejectedAsContainerLimit() throws Exception {
        Path bomb = tmp.resolve("bomb.docx");
        Files.write(bomb, AttackFamiliesTest.bomb());
        Verdict v = time("D1 zip bomb " + Files.size(bomb) + " bytes -> 2 GiB", bomb, "bomb.docx");
        assertThat(v.reasons()).contains(Reason.CONTAINER_LIMIT);
    }

    @Test
    void twoHundredThousandEntriesRejectedAsContainerLimit() throws Exception {
        Path many = tmp.resolve("many.zip");
        Files.write(many, AttackFamiliesTest.many());
        Verdict v = time("D3 200000 entries " + Files.size(many) + " bytes", many, "many.zip");
        assertThat(v.reasons()).contains(Reason.CONTAINER_LIMIT);
    }

    @Test
    void lyingSizesStopAtTheDeclaredSize() throws Exception {
        Path lying = tmp.resolve("lying.docx");
        Files.write(lying, Samples.lyingZipBomb());
        Verdict v = time("D2 lying declared size", lying, "lying.docx");
        assertThat(v.reasons()).contains(Reason.CONTAINER_LIMIT);
    }

    @Test
    void controlRealisticDocxAccepted() throws Exception {
        Path docx = tmp.resolve("ok.docx");
        Files.write(docx, Samples.docx());
        assertThat(time("control docx", docx, "ok.docx").accepted()).isTrue();
    }

    private Verdict time(String what, Path file, String name) throws Exception {
        guard.inspect(file, name); // warm up
        long best = Long.MAX_VALUE;
        Verdict v = null;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            v = guard.inspect(file, name);
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("BENCH %s: %.2f ms (best of 3) %s%n", what, best / 1e6, v.reasonCodes());
        return v;
    }
}

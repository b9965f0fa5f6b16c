package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One fuzz target over every content inspector (zip central directories, OLE2 directories, PDF
 * objects and streams, PNG/GIF/JPEG/WebP/HEIF/AVIF structures, text and markup rules): any bytes
 * under any catalogue extension end in a verdict within the policy's caps, never in another
 * exception or a hang. {@code mvn verify} replays the stored inputs (seeds from {@link Samples}).
 */
class InspectionFuzzTest {

    private static final List<String> EXTENSIONS = List.copyOf(UploadPolicy.catalogue());
    private static final UploadPolicy POLICY = UploadPolicy.builder().allowLegacyOffice(true)
            .allow(EXTENSIONS.stream().filter(e -> !e.equals("svg")).toArray(String[]::new))
            .maxInflatedSize(8L << 20).maxEntries(1000).maxPixels(10_000_000).build();
    private static final UploadGuard GUARD = new UploadGuard(POLICY);

    @FuzzTest(maxDuration = "10m")
    void anyBytesUnderAnyExtensionEndInAVerdict(FuzzedDataProvider data) throws IOException {
        String ext = EXTENSIONS.get(data.consumeInt(0, EXTENSIONS.size() - 1));
        byte[] bytes = data.consumeRemainingAsBytes();
        Path file = Files.createTempFile("portcullis-fuzz-", ".bin");
        try {
            Files.write(file, bytes);
            Verdict v = GUARD.judge(file, "upload." + ext, bytes.length, "0");
            assertThat(v).isNotNull();
            assertThat(v.accepted()).isEqualTo(v.reasons().isEmpty());
            assertThat(v.detectedType()).isNotBlank();
            if (v.accepted()) {
                assertThat(POLICY.allowedTypes(ext)).contains(v.detectedType());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

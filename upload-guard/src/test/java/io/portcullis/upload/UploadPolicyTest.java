package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadPolicyTest {

    @Test
    void allowedTypesWhenSeveralThenListedInSortedOrderSoMessagesReadTheSameInEveryRun() {
        UploadPolicy policy = UploadPolicy.builder().allowLegacyOffice(true).allow("xls", "doc").build();
        assertThat(List.copyOf(policy.allowedTypes("xls"))).hasSizeGreaterThan(1).isSorted();
        assertThat(List.copyOf(policy.allowedTypes("doc"))).isSorted();
        assertThatThrownBy(() -> policy.allowedTypes("xls").add("text/plain"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void presetsHaveTheDocumentedExtensions() {
        assertThat(UploadPolicy.images().allowedExtensions()).containsExactly("jpg", "jpeg", "png", "gif", "webp");
        assertThat(UploadPolicy.documents().allowedExtensions()).containsExactly("pdf", "txt");
        assertThat(UploadPolicy.office().allowedExtensions()).containsExactly("docx", "xlsx", "pptx", "odt", "ods", "odp", "pdf");
        assertThat(UploadPolicy.defaults().allowedExtensions()).isEqualTo(UploadPolicy.images().allowedExtensions());
    }

    @Test
    void otherMultipartSubtypesAreRefusedUnlessAKeyListsThem() {
        assertThat(UploadPolicy.defaults().multipartSubtypes()).isEmpty();
        UploadPolicy p = UploadPolicy.from(Settings.of(Map.of("portcullis.upload.allow-multipart-subtypes", "Mixed, related")));
        assertThat(p.multipartSubtypes()).containsExactlyInAnyOrder("mixed", "related");
        assertThat(p.toBuilder().build().multipartSubtypes()).isEqualTo(p.multipartSubtypes());
    }

    @Test
    void multipartSubtypeThatIsNoTokenFailsNamingKeyAndValue() {
        assertThatThrownBy(() -> UploadPolicy.from(Settings.of(Map.of("portcullis.upload.allow-multipart-subtypes",
                "mixed/x")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("portcullis.upload.allow-multipart-subtypes").hasMessageContaining("\"mixed/x\"");
    }

    @Test
    void matrixIsExplicit() {
        UploadPolicy p = UploadPolicy.allowing("jpg", "csv", "docx");
        assertThat(p.allowedTypes("jpg")).containsExactly("image/jpeg");
        assertThat(p.allowedTypes("csv")).containsExactlyInAnyOrder("text/plain", "text/csv");
        assertThat(p.allowedTypes("docx")).containsExactly("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(p.allowedTypes("png")).isEmpty();
    }

    @Test
    void settingsReadWithDefaults() {
        UploadPolicy p = UploadPolicy.from(Settings.of(Map.of("portcullis.upload.preset", "documents",
                "portcullis.upload.max-file-size", "1000", "portcullis.upload.max-parts", "3")));
        assertThat(p.allowedExtensions()).containsExactly("pdf", "txt");
        assertThat(p.maxFileSize()).isEqualTo(1000);
        assertThat(p.maxParts()).isEqualTo(3);
        assertThat(p.maxRequestSize()).isEqualTo(50L << 20);
        assertThat(p.maxPartHeaderSize()).isEqualTo(512);
        assertThat(p.maxPixels()).isEqualTo(50_000_000L);
    }

    @Test
    void allowReplacesPresetList() {
        UploadPolicy p = UploadPolicy.from(Settings.of(Map.of("portcullis.upload.allow", "png, pdf")));
        assertThat(p.allowedExtensions()).containsExactly("png", "pdf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "portcullis.upload.max-file-sise|10|unknown key portcullis.upload.max-file-sise; did you mean portcullis.upload.max-file-size?",
        "portcullis.upload.max-file-size|-5|portcullis.upload.max-file-size must be an integer in [1, 1099511627776]; got \"-5\"",
        "portcullis.upload.max-parts|lots|portcullis.upload.max-parts must be an integer in [1, 10000]; got \"lots\"",
        "portcullis.upload.preset|videos|portcullis.upload.preset must be one of images, documents, office; got \"videos\"",
        "portcullis.upload.allow|png,php|portcullis.upload.allow entries must be known safe extensions (",
        "portcullis.upload.allow|svg|set portcullis.upload.dangerously-allow-svg=true",
        "portcullis.upload.allow|doc|set portcullis.upload.allow-legacy-office=true",
        "portcullis.upload.dangerously-allow-svg|yes|portcullis.upload.dangerously-allow-svg must be true or false; got \"yes\"",
        "portcullis.upload.paths|upload|portcullis.upload.paths must list path prefixes starting with /; got \"upload\"",
    })
    void badConfigurationFailsFastNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> UploadPolicy.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "portcullis.upload.max-parts|20000|portcullis.upload.max-parts must be an integer in [1, 10000]; got \"20000\"",
        "portcullis.upload.max-parts|0|portcullis.upload.max-parts must be an integer in [1, 10000]; got \"0\"",
        "portcullis.upload.max-field-size|-1|portcullis.upload.max-field-size must be an integer in [0, 16777216]; got \"-1\"",
        "portcullis.upload.max-embedding-depth|6|portcullis.upload.max-embedding-depth must be an integer in [0, 5]; got \"6\"",
        "portcullis.upload.max-part-header-size|127|portcullis.upload.max-part-header-size must be an integer in [128, 65536]; got \"127\"",
        "portcullis.upload.max-inspect-seconds|7200|portcullis.upload.max-inspect-seconds must be an integer in [1, 3600]; got \"7200\"",
        "portcullis.upload.paths|upload|portcullis.upload.paths must list path prefixes starting with /; got \"upload\"",
        "portcullis.upload.allow|exe|portcullis.upload.allow entries must be known safe extensions (",
    })
    void builderAndPropertiesRefuseTheSameValueWithTheSameMessage(String key, String value, String message) {
        UploadPolicy.Builder b = UploadPolicy.builder().preset(UploadPolicy.Preset.IMAGES);
        switch (key) {
            case "portcullis.upload.max-parts" -> b.maxParts(Integer.parseInt(value));
            case "portcullis.upload.max-field-size" -> b.maxFieldSize(Integer.parseInt(value));
            case "portcullis.upload.max-embedding-depth" -> b.maxEmbeddingDepth(Integer.parseInt(value));
            case "portcullis.upload.max-part-header-size" -> b.maxPartHeaderSize(Integer.parseInt(value));
            case "portcullis.upload.max-inspect-seconds" -> b.maxInspectTime(java.time.Duration.ofSeconds(Long.parseLong(value)));
            case "portcullis.upload.paths" -> b.paths(value);
            case "portcullis.upload.allow" -> b.allow(value);
            default -> throw new AssertionError(key);
        }
        assertThatThrownBy(b::build).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
        assertThatThrownBy(() -> UploadPolicy.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void builderAndPropertiesAcceptTheSameLimits() {
        // positive control for the refusals above: the largest allowed values pass both ways
        UploadPolicy fromCode = UploadPolicy.builder().preset(UploadPolicy.Preset.IMAGES).maxParts(10_000).maxEmbeddingDepth(5)
                .maxFieldSize(0).build();
        UploadPolicy fromText = UploadPolicy.from(Settings.of(Map.of("portcullis.upload.max-parts", "10000",
                "portcullis.upload.max-embedding-depth", "5", "portcullis.upload.max-field-size", "0")));
        assertThat(fromText.maxParts()).isEqualTo(fromCode.maxParts()).isEqualTo(10_000);
        assertThat(fromText.maxEmbeddingDepth()).isEqualTo(fromCode.maxEmbeddingDepth()).isEqualTo(5);
    }

    @Test
    void svgAllowedOnlyWithTheLoudKey() {
        UploadPolicy p = UploadPolicy.from(Settings.of(Map.of("portcullis.upload.allow", "svg",
                "portcullis.upload.dangerously-allow-svg", "true")));
        assertThat(p.allowedExtensions()).containsExactly("svg");
    }

    @Test
    void toBuilderRoundTrips() {
        UploadPolicy p = UploadPolicy.builder().allowExactly("csv", "text/csv").allow("png").maxParts(7).build();
        UploadPolicy q = p.toBuilder().build();
        assertThat(q.matrix()).isEqualTo(p.matrix());
        assertThat(q.maxParts()).isEqualTo(7);
    }

    @Test
    void narrowingOutsideTheCatalogueFails() {
        assertThatThrownBy(() -> UploadPolicy.builder().allowExactly("png", "image/svg+xml").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subset");
    }

    @Test
    void reasonNamesAreStable() {
        assertThat(Reason.TYPE_MISMATCH.token()).isEqualTo("TYPE_MISMATCH");
        assertThat(Reason.TOO_LARGE.status()).isEqualTo(413);
        assertThat(Reason.BAD_FILENAME.status()).isEqualTo(400);
        assertThat(Reason.ACTIVE_CONTENT.status()).isEqualTo(415);
    }
}

package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The IDE metadata in the jar is the one generated from the declarations at build time. */
class MetadataTest {

    static String shipped() throws IOException {
        try (InputStream in = MetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json generated at process-classes").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedMetadataIsExactlyWhatTheDeclarationsGenerate() throws IOException {
        assertThat(shipped()).isEqualTo(MetadataGenerator.json());
    }

    @Test
    void everyDeclaredKeyIsListedWithItsDefault() throws IOException {
        String json = shipped();
        for (io.portcullis.core.Key<?> key : DeclaredKeys.ALL.values()) {
            String name = key.isFamily() ? key.name().substring(0, key.name().length() - 1) : key.name();
            assertThat(json).contains("\"name\": \"" + name + "\"");
        }
        assertThat(json).doesNotContain("\"name\": \"portcullis.config.file\"")
                .contains("{\"name\": \"portcullis.headers.frame-options\", \"values\": [");
        assertThat(json).contains("{\"name\": \"portcullis.hsts.max-age\", \"type\": \"java.lang.Long\"")
                .contains("\"defaultValue\": 31536000")
                .contains("\"name\": \"portcullis.upload.max-parts\"")
                .contains("\"name\": \"portcullis.csrf.trusted-origins\"")
                .contains("\"name\": \"portcullis.boot.header-owner\"");
    }
}

package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of core keys is the one generated from {@link CoreKeys#KEYS}.
 * Regenerate with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String expected = KeyTable.replaceIn(text, CoreKeys.KEYS);
        if (Boolean.getBoolean("writeDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertThat(text).as("docs/configuration.md drifted from CoreKeys; rerun with -DwriteDocs=true")
                .isEqualTo(expected);
    }
}

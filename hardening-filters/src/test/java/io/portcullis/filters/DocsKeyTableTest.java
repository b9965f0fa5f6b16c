package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.core.KeyTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/hardening-filters.md's key table is the one generated from {@link HardeningKeys#KEYS}, and
 * every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() throws Exception {
        Path doc = Path.of("..", "docs", "hardening-filters.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String expected = KeyTable.replaceIn(text, HardeningKeys.KEYS);
        if (Boolean.getBoolean("writeDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertThat(text).as("docs/hardening-filters.md drifted from HardeningKeys; rerun with -DwriteDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(KeyTable.problems(readme, HardeningKeys.KEYS)).isEmpty();
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        assertThat(KeyTable.defaultProblems(HardeningKeys.KEYS)).isEmpty();
    }
}

package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.core.KeyTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/sendfile-support.md's key table is the one generated from {@link SendfileKeys#KEYS}, and
 * every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() throws Exception {
        Path doc = Path.of("..", "docs", "sendfile-support.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String expected = KeyTable.replaceIn(text, SendfileKeys.KEYS);
        if (Boolean.getBoolean("writeDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertThat(text).as("docs/sendfile-support.md drifted from SendfileKeys; rerun with -DwriteDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(KeyTable.problems(readme, SendfileKeys.KEYS)).isEmpty();
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        assertThat(KeyTable.defaultProblems(SendfileKeys.KEYS)).isEmpty();
    }
}

package io.portcullis.sendfile;

import io.portcullis.testing.DocumentedKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/sendfile-support.md's key table is the one generated from {@link SendfileKeys#KEYS}, the README agrees,
 * and every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() {
        DocumentedKeys.assertTableIn("sendfile-support.md", SendfileKeys.KEYS);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() {
        DocumentedKeys.assertReadmeAgrees(SendfileKeys.KEYS);
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        DocumentedKeys.assertDefaultsParse(SendfileKeys.KEYS);
    }
}

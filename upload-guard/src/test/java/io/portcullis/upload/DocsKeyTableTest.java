package io.portcullis.upload;

import io.portcullis.testing.DocumentedKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/upload-guard.md's key table is the one generated from {@link UploadKeys#KEYS}, the README agrees,
 * and every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() {
        DocumentedKeys.assertTableIn("upload-guard.md", UploadKeys.KEYS);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() {
        DocumentedKeys.assertReadmeAgrees(UploadKeys.KEYS);
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        DocumentedKeys.assertDefaultsParse(UploadKeys.KEYS);
    }
}

package io.portcullis.csrf;

import io.portcullis.testing.DocumentedKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/csrf.md's key table is the one generated from {@link CsrfKeys#KEYS}, the README agrees,
 * and every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() {
        DocumentedKeys.assertTableIn("csrf.md", CsrfKeys.KEYS);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() {
        DocumentedKeys.assertReadmeAgrees(CsrfKeys.KEYS);
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        DocumentedKeys.assertDefaultsParse(CsrfKeys.KEYS);
    }
}

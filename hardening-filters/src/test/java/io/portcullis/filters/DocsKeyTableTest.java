package io.portcullis.filters;

import io.portcullis.testing.DocumentedKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/hardening-filters.md's key table is the one generated from {@link HardeningKeys#KEYS}, the README agrees,
 * and every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() {
        DocumentedKeys.assertTableIn("hardening-filters.md", HardeningKeys.KEYS);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() {
        DocumentedKeys.assertReadmeAgrees(HardeningKeys.KEYS);
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        DocumentedKeys.assertDefaultsParse(HardeningKeys.KEYS);
    }
}

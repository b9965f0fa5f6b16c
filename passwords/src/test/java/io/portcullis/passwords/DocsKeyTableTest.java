package io.portcullis.passwords;

import io.portcullis.testing.DocumentedKeys;
import org.junit.jupiter.api.Test;

/**
 * docs/passwords.md's key table is the one generated from {@link PasswordKeys#KEYS}, the README agrees,
 * and every declared default is what the declaration's own parser reads from its documented text.
 * Regenerate the table with {@code -DwriteDocs=true}.
 */
class DocsKeyTableTest {

    @Test
    void docsTableMatchesTheDeclarations() {
        DocumentedKeys.assertTableIn("passwords.md", PasswordKeys.KEYS);
    }

    @Test
    void readmeRowsAgreeWithTheDeclarations() {
        DocumentedKeys.assertReadmeAgrees(PasswordKeys.KEYS);
    }

    @Test
    void everyDocumentedDefaultParsesToTheDeclaredDefault() {
        DocumentedKeys.assertDefaultsParse(PasswordKeys.KEYS);
    }
}

package io.portcullis.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portcullis.core.KeySet;
import io.portcullis.core.KeyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checks every module runs on its declared keys, so docs cannot drift from code: the table in
 * its {@code docs/} page is the one {@link KeyTable} generates (rewritten when the test runs with
 * {@code -DwriteDocs=true}), the README rows agree, and every documented default parses to the
 * declared one. Paths are relative to a module directory, as surefire runs.
 */
public final class DocumentedKeys {

    private DocumentedKeys() {
    }

    /** {@code docs/<page>}'s generated table equals {@link KeyTable#replaceIn} of {@code keys}. */
    public static void assertTableIn(String page, KeySet keys) {
        Path doc = Path.of("..", "docs", page);
        String text = read(doc);
        String expected = KeyTable.replaceIn(text, keys);
        if (Boolean.getBoolean("writeDocs")) {
            write(doc, expected);
        }
        assertEquals(expected, text, "docs/" + page + " drifted from the key declarations; rerun with -DwriteDocs=true");
    }

    /** The README's rows for these keys name their real defaults and allowed values. */
    public static void assertReadmeAgrees(KeySet keys) {
        assertEquals(List.of(), KeyTable.problems(read(Path.of("..", "README.md")), keys));
    }

    /** Every declared default, as documented, parses back to the declared value. */
    public static void assertDefaultsParse(KeySet keys) {
        assertEquals(List.of(), KeyTable.defaultProblems(keys));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

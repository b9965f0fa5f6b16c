package io.portcullis.core;

/**
 * The documentation table of a {@link KeySet}, generated from the declarations so docs cannot
 * drift from code: one Markdown row per key with its name, default, allowed values and doc line.
 * In a Markdown file the table sits between {@code <!-- portcullis-keys:<module> -->} and
 * {@code <!-- /portcullis-keys -->}; each module's {@code DocsKeyTableTest} fails when the file
 * differs from {@link #replaceIn} and rewrites it when run with {@code -Dportcullis.docs.write=true}.
 */
public final class KeyTable {

    /** The line after which the generated table starts ({@code %s}: the module). */
    public static final String BEGIN = "<!-- portcullis-keys:%s -->";
    /** The line before which the generated table ends. */
    public static final String END = "<!-- /portcullis-keys -->";

    private KeyTable() {
    }

    /** The Markdown table (header included, no markers), one row per key in declaration order. */
    public static String markdown(KeySet set) {
        StringBuilder b = new StringBuilder("| Key | Default | Allowed | Meaning |\n|---|---|---|---|\n");
        for (Key<?> k : set) {
            b.append("| `").append(k.displayName()).append("` | ")
                    .append(k.defaultText().isEmpty() ? "*(none)*" : "`" + cell(k.defaultText()) + "`").append(" | ")
                    .append(cell(allowed(k))).append(" | ")
                    .append(cell(k.doc())).append(" |\n");
        }
        return b.toString();
    }

    /** {@code markdown} with the table between the set's markers replaced by {@link #markdown(KeySet)}. */
    public static String replaceIn(String markdownText, KeySet set) {
        String begin = String.format(BEGIN, set.module());
        int start = markdownText.indexOf(begin);
        if (start < 0) {
            throw new IllegalArgumentException("no " + begin + " marker");
        }
        int bodyStart = start + begin.length();
        int end = markdownText.indexOf(END, bodyStart);
        if (end < 0) {
            throw new IllegalArgumentException("no " + END + " after " + begin);
        }
        return markdownText.substring(0, bodyStart) + "\n" + markdown(set) + markdownText.substring(end);
    }

    private static String allowed(Key<?> k) {
        String rule = k.rule();
        return rule.startsWith("must be ") ? rule.substring("must be ".length()) : rule;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

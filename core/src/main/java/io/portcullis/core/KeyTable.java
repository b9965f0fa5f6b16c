package io.portcullis.core;

/**
 * The documentation table of a {@link KeySet}, generated from the declarations so docs cannot
 * drift from code: one Markdown row per key with its name, default, allowed values and doc line.
 * In a Markdown file the table sits between {@code <!-- portcullis-keys:<module> -->} and
 * {@code <!-- /portcullis-keys -->}; each module's {@code DocsKeyTableTest} fails when the file
 * differs from {@link #replaceIn} and rewrites it when run with {@code -DwriteDocs=true}.
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

    /**
     * What a hand-written Markdown text (the README) says wrongly about {@code set}'s keys: a table
     * row naming a key of the set's areas that the set does not declare, a row whose Default cell
     * starts with a code span other than the declared default, and a declared key with no row.
     * Empty when the text agrees with the declarations.
     */
    public static java.util.List<String> problems(String markdownText, KeySet set) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `(portcullis\\.[^`]+)` \\| ([^|]*)\\|")
                .matcher(markdownText);
        while (m.find()) {
            String name = m.group(1);
            String area = name.substring(Settings.PREFIX.length()).split("\\.", 2)[0];
            if (!set.areas().contains(area)) {
                continue;
            }
            java.util.Optional<Key<?>> key = set.keys().stream().filter(k -> k.displayName().equals(name)).findFirst();
            if (key.isEmpty()) {
                out.add(name + " is documented but " + set.module() + " declares no such key");
                continue;
            }
            seen.add(name);
            String cell = m.group(2).trim();
            if (cell.startsWith("`")) {
                int close = cell.indexOf('`', 1);
                String shown = close < 0 ? cell : cell.substring(1, close);
                if (!shown.equals(key.get().defaultText())) {
                    out.add(name + " is documented with default " + ConfigException.quote(shown) + " but declared with "
                            + ConfigException.quote(key.get().defaultText()));
                }
            }
        }
        for (Key<?> k : set) {
            // a text listing some keys of the set lists them all
            if (!seen.isEmpty() && !seen.contains(k.displayName())) {
                out.add(k.displayName() + " is declared but has no row");
            }
        }
        return out;
    }

    /**
     * Declarations whose documented default ({@link Key#defaultText()}) does not read back as
     * their default value: what the table says is not what an unset key does. Keys without a
     * default value (unset, off) are skipped.
     */
    public static java.util.List<String> defaultProblems(KeySet set) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Key<?> k : set) {
            if (k.isFamily() || k.defaultValue() == null) {
                continue;
            }
            try {
                Object read = k.read(k.defaultText(), "code");
                if (!read.equals(k.defaultValue())) {
                    out.add(k.name() + " documents default " + ConfigException.quote(k.defaultText())
                            + ", which reads as " + read
                            + ", not " + k.defaultValue());
                }
            } catch (ConfigException e) {
                if (!k.defaultText().contains(" ")) { // prose ("number of CPUs") documents a computed default
                    out.add(k.name() + " documents a default it refuses: " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static String allowed(Key<?> k) {
        String rule = k.rule();
        return rule.startsWith("must be ") ? rule.substring("must be ".length()) : rule;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

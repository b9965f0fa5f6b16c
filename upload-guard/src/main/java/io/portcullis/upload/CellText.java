package io.portcullis.upload;

/**
 * Text amplification through an .xlsx's shared strings: a cell of type {@code s} holds only an
 * index into {@code sharedStrings.xml}, so a small sheet whose many cells all point at one long
 * string expands, when a reader materialises the cells (a CSV export, a parser building rows),
 * into far more text than the package inflates to. Both parts are read as they are inflated (in
 * either order): the length in characters of each shared string ({@code <si>}, all its
 * {@code <t>} runs), and how many cells reference each index. The expanded text is the sum over
 * referencing cells of their string's length. At most {@link #TRACKED} strings are told apart;
 * references beyond that count as the longest string seen, so the sum never comes out lower.
 */
final class CellText {

    /** Shared strings whose lengths and reference counts are kept (two int arrays, up to 8 MiB). */
    static final int TRACKED = 1 << 20;

    private static final int TEXT = 0;
    private static final int NAME = 1;
    private static final int ATTRIBUTES = 2;
    private static final int VALUE = 3;
    private static final int BANG = 4;
    private static final int COMMENT = 5;
    private static final int CDATA = 6;
    private static final int INSTRUCTION = 7;

    private int[] lengths = new int[64];
    private int strings;
    private long longest;
    private int[] refs = new int[64];
    private long refsBeyond;
    private long cells;

    /** A byte sink for the shared-strings part. */
    Scanner strings() {
        return new Scanner(true);
    }

    /** A byte sink for one worksheet part. */
    Scanner sheet() {
        return new Scanner(false);
    }

    /** Characters of text the referencing cells expand to. */
    long expanded() {
        long sum = 0;
        int n = Math.min(refs.length, TRACKED);
        for (int i = 0; i < n; i++) {
            if (refs[i] != 0) {
                sum += (long) refs[i] * (i < strings ? lengths[i] : longest);
            }
        }
        return sum + refsBeyond * longest;
    }

    /** Cells that reference a shared string. */
    long cells() {
        return cells;
    }

    private void string(long length) {
        longest = Math.max(longest, length);
        if (strings < TRACKED) {
            if (strings == lengths.length) {
                lengths = java.util.Arrays.copyOf(lengths, Math.min(TRACKED, strings * 2));
            }
            lengths[strings++] = (int) Math.min(length, Integer.MAX_VALUE);
        }
    }

    private void reference(long index) {
        cells++;
        if (index < 0 || index >= TRACKED) {
            refsBeyond++;
            return;
        }
        int i = (int) index;
        if (i >= refs.length) {
            refs = java.util.Arrays.copyOf(refs, Math.min(TRACKED, Math.max(i + 1, refs.length * 2)));
        }
        refs[i]++;
    }

    /**
     * A streaming reader of one part: tags ({@code <si>}, {@code <t>}, {@code </t>} in the shared
     * strings; {@code <c ... t="s">}, {@code <v>} in a sheet, any namespace prefix), text between
     * them, and the {@code t} attribute of cell tags, one byte at a time across inflate pieces.
     */
    final class Scanner {
        private final boolean sharedStrings;
        /** Local name of the tag being read (its first bytes), and whether it is an end tag. */
        private final byte[] name = new byte[4];
        private int nameLength;
        private boolean end;
        private int state = TEXT;
        private int last;
        private int beforeLast;
        // shared strings
        private boolean inString;
        private boolean inText;
        private long length;
        // sheets
        private boolean sharedCell;
        private boolean inValue;
        private long index;
        private boolean digits;
        // the attribute being read in a tag: its name (first bytes), value, quote
        private final byte[] attr = new byte[2];
        private int attrLength;
        private boolean space;
        private int quote;
        private int valueLength;
        private boolean valueS;

        private Scanner(boolean sharedStrings) {
            this.sharedStrings = sharedStrings;
        }

        void feed(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                int c = b[i] & 0xff;
                switch (state) {
                    case TEXT -> {
                        if (c == '<') {
                            state = NAME;
                            nameLength = 0;
                            end = false;
                        } else if (inText) {
                            if ((c & 0xC0) != 0x80) {
                                length++;
                            }
                        } else if (inValue && c >= '0' && c <= '9' && index < TRACKED * 16L) {
                            index = index * 10 + (c - '0');
                            digits = true;
                        }
                    }
                    case NAME -> {
                        if (nameLength == 0 && !end && c == '!') {
                            state = BANG;
                        } else if (nameLength == 0 && !end && c == '?') {
                            state = INSTRUCTION;
                        } else if (c == '/' && nameLength == 0 && !end) {
                            end = true;
                        } else if (c == ':') {
                            nameLength = 0; // a namespace prefix: the local name follows
                        } else if (c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/') {
                            tag(c == '/');
                            state = c == '>' ? TEXT : ATTRIBUTES;
                            space = true;
                        } else if (nameLength < name.length) {
                            name[nameLength++] = (byte) c;
                        } else {
                            nameLength = name.length + 1; // longer than any name looked for
                        }
                    }
                    case ATTRIBUTES -> {
                        if (c == '>') {
                            state = TEXT;
                            if (last == '/') {
                                selfClosed();
                            }
                        } else if (c == '"' || c == '\'') {
                            quote = c;
                            valueLength = 0;
                            valueS = false;
                            state = VALUE;
                        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                            space = true;
                        } else if (c != '=') {
                            if (space) {
                                attrLength = 0;
                                space = false;
                            }
                            if (c == ':') {
                                attrLength = 0; // a prefixed attribute name
                            } else if (attrLength < attr.length) {
                                attr[attrLength++] = (byte) c;
                            } else {
                                attrLength = attr.length + 1;
                            }
                        }
                    }
                    case VALUE -> {
                        if (c == quote) {
                            if (!sharedStrings && isCell() && attrLength == 1 && attr[0] == 't') {
                                sharedCell = valueS && valueLength == 1;
                            }
                            space = true;
                            state = ATTRIBUTES;
                        } else {
                            valueS = valueLength == 0 && c == 's';
                            valueLength++;
                        }
                    }
                    case BANG -> state = c == '-' ? COMMENT : c == '[' ? CDATA : ATTRIBUTES;
                    case COMMENT -> {
                        if (c == '>' && last == '-' && beforeLast == '-') {
                            state = TEXT;
                        }
                    }
                    case CDATA -> {
                        if (c == '>' && last == ']' && beforeLast == ']') {
                            state = TEXT;
                        } else if (inText && (c & 0xC0) != 0x80) {
                            length++;
                        }
                    }
                    default -> {
                        if (c == '>' && last == '?') {
                            state = TEXT;
                        }
                    }
                }
                beforeLast = last;
                last = c;
            }
        }

        private boolean isCell() {
            return nameLength == 1 && name[0] == 'c';
        }

        private boolean is(String s) {
            if (nameLength != s.length()) {
                return false;
            }
            for (int k = 0; k < nameLength; k++) {
                if (name[k] != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** A tag name has been read; {@code selfClosing}: it ended with {@code />} right after the name. */
        private void tag(boolean selfClosing) {
            if (sharedStrings) {
                if (is("si")) {
                    if (end) {
                        if (inString) {
                            string(length);
                        }
                        inString = false;
                    } else {
                        inString = true;
                        length = 0;
                    }
                } else if (is("t")) {
                    inText = !end && inString && !selfClosing;
                }
            } else if (isCell()) {
                sharedCell = false; // a start tag: until its t="s" attribute is read; an end tag: done
            } else if (is("v")) {
                if (end) {
                    if (inValue && sharedCell && digits) {
                        reference(index);
                    }
                    inValue = false;
                } else {
                    inValue = !selfClosing;
                    index = 0;
                    digits = false;
                }
            }
        }

        /** A start tag with attributes ended with {@code />}: an empty element. */
        private void selfClosed() {
            if (sharedStrings && is("si")) {
                string(0);
                inString = false;
            } else if (sharedStrings && is("t")) {
                inText = false;
            }
        }
    }
}

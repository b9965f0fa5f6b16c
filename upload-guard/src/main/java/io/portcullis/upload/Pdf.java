package io.portcullis.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PDF rules: {@code %PDF-} at offset 0 (no leading junk), a {@code %%EOF}; then the file is read
 * as PDF tokens, so only <em>names</em> count and bytes inside strings and comments do not
 * (a URI ending in {@code /wiki/JavaScript} or an {@code /RC} rich-text {@code <body>} is text):
 * no JavaScript, Launch, RichMedia, XFA or SubmitForm names, no embedded files, no HTML markup
 * outside strings, and no {@code /Encrypt} (encrypted strings and streams cannot be inspected,
 * unless {@code dangerously-allow-encrypted-pdf}). Names are compared after decoding
 * {@code #xx} escapes. Stream bodies are tokenized too, FlateDecode ones after inflating them
 * under the upload's inflated-size cap, so actions hidden in object streams are found. A zip
 * archive anywhere in the file (an end-of-central-directory record whose central directory is
 * there, as {@code unzip -l} finds it) is a polyglot.
 */
final class Pdf {

    private static final Map<String, Reason> NAMES = Map.of(
            "JavaScript", Reason.ACTIVE_CONTENT, "JS", Reason.ACTIVE_CONTENT, "Launch", Reason.ACTIVE_CONTENT,
            "RichMedia", Reason.ACTIVE_CONTENT, "XFA", Reason.ACTIVE_CONTENT, "SubmitForm", Reason.ACTIVE_CONTENT,
            "EmbeddedFile", Reason.EMBEDDED_OBJECT, "EmbeddedFiles", Reason.EMBEDDED_OBJECT);
    /** Elements that make markup outside a PDF string scriptable when a browser renders it. */
    private static final Set<String> TAGS = Set.of("script", "iframe", "svg", "html", "object", "embed", "body");

    private Pdf() {
    }

    static void check(FileChannel ch, long size, byte[] head, UploadPolicy policy, Budget budget, Findings f)
            throws IOException {
        if (!Markup.matches(head, 0, head.length, "%pdf-")) {
            f.add(Reason.POLYGLOT, "data precedes %PDF- (the file is something else with a PDF inside)");
        }
        int overlap = 256;
        boolean[] sawEof = {false};
        long[] zip = {-1};
        try {
            Windows.scan(ch, size, overlap, budget, (b, len, pos) -> {
                String code = Markup.serverCodeStrict(b, 0, len);
                if (code != null && !code.equals("#!/")) {
                    f.add(Reason.SERVER_CODE, "the PDF contains server-side code (" + code + ")");
                }
                for (int i = len - 5; i >= 0 && !sawEof[0]; i--) {
                    sawEof[0] = b[i] == '%' && Markup.matches(b, i, len, "%%eof");
                }
                for (int i = 0; i + 22 <= len && zip[0] < 0; i++) {
                    if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                        zip[0] = pos + i;
                    }
                }
            });
            if (zip[0] >= 0 && zipAt(ch, size, zip[0])) {
                f.add(Reason.POLYGLOT, "a zip archive is hidden inside the PDF (end record at byte " + zip[0] + ")");
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "PDF " + e.getMessage());
            return;
        }
        if (!sawEof[0]) {
            f.add(Reason.MALFORMED, "the PDF has no %%EOF marker");
        }
        if (size <= Integer.MAX_VALUE) {
            tokens(ch, size, policy, budget, f);
        }
    }

    /** Whether the end record at {@code eocd} describes a central directory that is really there. */
    private static boolean zipAt(FileChannel ch, long size, long eocd) throws IOException {
        if (eocd + 22 > size) {
            return false;
        }
        byte[] r = ZipInspector.read(ch, eocd, 22).array();
        int entries = ZipInspector.le16(r, 10);
        long cdSize = ZipInspector.le32u(r, 12);
        if (entries == 0 || cdSize < 46 || cdSize > eocd) {
            return false;
        }
        byte[] c = ZipInspector.read(ch, eocd - cdSize, 4).array();
        return ZipInspector.le32(c, 0) == 0x02014b50;
    }

    /**
     * One pass over the file's tokens; each stream body is tokenized on its own (inflated when it
     * is a zlib stream), and the outer reading resumes after {@code endstream}.
     */
    private static void tokens(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f)
            throws IOException {
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        int n = (int) size;
        Tokenizer outer = new Tokenizer(f);
        Inflater inflater = new Inflater();
        byte[] out = new byte[64 * 1024];
        long[] inflated = {0};
        try {
            for (int i = 0; i < n; i++) {
                if ((i & 0xFFFFF) == 0) {
                    budget.check();
                }
                int c = map.get(i) & 0xff;
                outer.push(c);
                if (!outer.streamStarts) {
                    continue;
                }
                outer.streamStarts = false;
                int start = i + 1;
                if (c == '\r' && start < n && map.get(start) == '\n') {
                    start++;
                }
                int end = indexOf(map, start, n, "endstream");
                int bodyEnd = end < 0 ? n : end;
                Tokenizer inner = new Tokenizer(f);
                if (start < bodyEnd && (map.get(start) & 0x0F) == 8) {
                    if (!inflate(map, start, bodyEnd, inflater, out, inner, policy, budget, inflated, f)) {
                        return;
                    }
                } else {
                    for (int k = start; k < bodyEnd; k++) {
                        inner.push(map.get(k) & 0xff);
                    }
                }
                outer.reset();
                i = end < 0 ? n : end + "endstream".length() - 1;
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "PDF " + e.getMessage());
        } finally {
            inflater.end();
        }
        if (outer.encrypted && !policy.dangerouslyAllowEncryptedPdf()) {
            f.add(Reason.ENCRYPTED, "the PDF is encrypted (/Encrypt): its strings and streams cannot be inspected");
        }
    }

    /** Inflates one zlib stream into {@code inner}; false when the inflated-size cap was passed. */
    private static boolean inflate(ByteBuffer map, int start, int end, Inflater inflater, byte[] out, Tokenizer inner,
                                   UploadPolicy policy, Budget budget, long[] inflated, Findings f)
            throws Budget.Exceeded {
        inflater.reset();
        inflater.setInput(map.slice(start, end - start));
        try {
            while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                int k = inflater.inflate(out);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                inflated[0] += k;
                if (inflated[0] > policy.maxInflatedSize() || !budget.inflate(k, policy.maxInflatedSize())) {
                    f.add(Reason.CONTAINER_LIMIT, "the PDF streams inflate to more than " + policy.maxInflatedSize()
                            + " bytes");
                    return false;
                }
                for (int j = 0; j < k; j++) {
                    inner.push(out[j] & 0xff);
                }
                if ((inflated[0] & 0xFFFFF) < k) {
                    budget.check();
                }
            }
        } catch (DataFormatException e) {
            // not a zlib stream after all (or encrypted): its raw bytes were not readable PDF either
        }
        return true;
    }

    private static int indexOf(ByteBuffer b, int from, int to, String s) {
        byte first = (byte) s.charAt(0);
        outer:
        for (int i = from; i + s.length() <= to; i++) {
            if (b.get(i) != first) {
                continue;
            }
            for (int k = 1; k < s.length(); k++) {
                if (b.get(i + k) != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A byte-at-a-time PDF lexer (ISO 32000-1 §7.2–7.3): comments, literal strings with nesting
     * and escapes, hex strings, dictionary brackets, names and the {@code stream} keyword. What
     * looks like a hex string but holds markup ({@code <script}, {@code <body}) is reported.
     */
    static final class Tokenizer {
        private static final int NORMAL = 0;
        private static final int COMMENT = 1;
        private static final int STRING = 2;
        private static final int LT = 3;
        private static final int HEX = 4;
        private static final int NAME = 5;
        private static final int TAG = 6;

        private final Findings f;
        private int state = NORMAL;
        private int depth;
        private boolean escape;
        private final StringBuilder token = new StringBuilder();
        private final StringBuilder word = new StringBuilder();
        boolean streamStarts;
        boolean encrypted;
        /** The last name was {@code /URI}: its string value is captured and judged by {@link PdfUri}. */
        private boolean uri;
        private final byte[] value = new byte[512];
        private int valueLength = -1;

        Tokenizer(Findings f) {
            this.f = f;
        }

        void reset() {
            state = NORMAL;
            token.setLength(0);
            word.setLength(0);
        }

        void push(int c) {
            if (valueLength >= 0 && valueLength < value.length) {
                value[valueLength++] = (byte) c;
            }
            step(c);
        }

        private void uriValueEnds(boolean complete) {
            if (complete && valueLength > 0 && PdfUri.scriptable(value, 0, valueLength)) {
                f.add(Reason.ACTIVE_CONTENT, "the PDF has a link action whose /URI is a script (javascript:)");
            }
            valueLength = -1;
        }

        private void step(int c) {
            switch (state) {
                case COMMENT -> {
                    if (c == '\r' || c == '\n') {
                        state = NORMAL;
                    }
                }
                case STRING -> {
                    if (escape) {
                        escape = false;
                    } else if (c == '\\') {
                        escape = true;
                    } else if (c == '(') {
                        depth++;
                    } else if (c == ')' && --depth == 0) {
                        state = NORMAL;
                        uriValueEnds(true);
                    }
                }
                case LT -> {
                    if (c == '<') {
                        state = NORMAL;
                        uriValueEnds(false);
                    } else {
                        state = HEX;
                        token.setLength(0);
                        step(c);
                    }
                }
                case HEX -> {
                    if (c == '>') {
                        state = NORMAL;
                        uriValueEnds(true);
                    } else if (Character.digit(c, 16) >= 0) {
                        if (token.length() < 16) {
                            token.append((char) c);
                        }
                    } else if (!white(c)) {
                        state = TAG;
                        uriValueEnds(false);
                        step(c);
                    }
                }
                case TAG -> {
                    if ((Character.isLetterOrDigit(c) || c == ':') && token.length() < 16) {
                        token.append((char) c);
                    } else {
                        String tag = token.toString().toLowerCase(Locale.ROOT);
                        if (TAGS.contains(tag.substring(tag.indexOf(':') + 1))) {
                            f.add(Reason.ACTIVE_CONTENT, "the PDF contains HTML markup (<" + tag + ")");
                        }
                        state = NORMAL;
                        step(c);
                    }
                }
                case NAME -> {
                    if (white(c) || delimiter(c) || token.length() > 96) {
                        name(token);
                        state = NORMAL;
                        step(c);
                    } else {
                        token.append((char) c);
                    }
                }
                default -> normal(c);
            }
        }

        private void normal(int c) {
            if (white(c) || delimiter(c)) {
                if (word.length() == 6 && word.toString().equals("stream") && (c == '\r' || c == '\n')) {
                    streamStarts = true;
                }
                word.setLength(0);
            } else if (word.length() < 8) {
                word.append((char) c);
            }
            if (uri && (c == '(' || c == '<')) {
                value[0] = (byte) c;
                valueLength = 1;
            }
            if (!white(c) && c != '%') {
                uri = false;
            }
            switch (c) {
                case '%' -> state = COMMENT;
                case '(' -> {
                    state = STRING;
                    depth = 1;
                    escape = false;
                }
                case '<' -> state = LT;
                case '/' -> {
                    state = NAME;
                    token.setLength(0);
                }
                default -> {
                }
            }
        }

        private void name(StringBuilder raw) {
            StringBuilder name = new StringBuilder();
            for (int j = 0; j < raw.length() && name.length() < 32; j++) {
                char c = raw.charAt(j);
                if (c == '#' && j + 2 < raw.length() && Character.digit(raw.charAt(j + 1), 16) >= 0
                        && Character.digit(raw.charAt(j + 2), 16) >= 0) {
                    name.append((char) (Character.digit(raw.charAt(j + 1), 16) * 16 + Character.digit(raw.charAt(j + 2), 16)));
                    j += 2;
                } else {
                    name.append(c);
                }
            }
            String n = name.toString();
            if (n.equals("URI")) {
                uri = true;
            }
            if (n.equals("Encrypt")) {
                encrypted = true;
                return;
            }
            Reason r = NAMES.get(n);
            if (r != null) {
                f.add(r, r == Reason.EMBEDDED_OBJECT ? "the PDF embeds files (/" + n + ")"
                        : "the PDF carries an active action (/" + n + ")");
            }
        }

        private static boolean white(int c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
        }

        private static boolean delimiter(int c) {
            return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}'
                    || c == '/' || c == '%';
        }
    }
}

package io.portcullis.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * PDF rules on the raw bytes: {@code %PDF-} at offset 0 (no leading junk),
 * a {@code %%EOF}, no JavaScript, Launch, RichMedia or XFA actions and no
 * embedded files (names are compared after decoding {@code #xx} escapes), no HTML markup. Names
 * inside zlib streams (FlateDecode content and object streams) are found too; inflation is capped
 * like a zip's.
 */
final class Pdf {

    private static final Map<String, Reason> NAMES = Map.of(
            "JavaScript", Reason.ACTIVE_CONTENT, "JS", Reason.ACTIVE_CONTENT, "Launch", Reason.ACTIVE_CONTENT,
            "RichMedia", Reason.ACTIVE_CONTENT, "XFA", Reason.ACTIVE_CONTENT, "SubmitForm", Reason.ACTIVE_CONTENT,
            "EmbeddedFile", Reason.EMBEDDED_OBJECT, "EmbeddedFiles", Reason.EMBEDDED_OBJECT);

    private Pdf() {
    }

    static void check(FileChannel ch, long size, byte[] head, UploadPolicy policy, Budget budget, Findings f)
            throws IOException {
        if (!Markup.matches(head, 0, head.length, "%pdf-")) {
            f.add(Reason.POLYGLOT, "data precedes %PDF- (the file is something else with a PDF inside)");
        }
        int overlap = 256;
        boolean[] sawEof = {false};
        try {
            Windows.scan(ch, size, overlap, budget, (b, len, pos) -> {
                names(b, len, pos == 0 ? 0 : overlap / 2, f);
                String script = Markup.scriptAnywhere(b, 0, len);
                if (script != null) {
                    f.add(Reason.ACTIVE_CONTENT, "the PDF contains HTML markup (" + script + ")");
                }
                String code = Markup.serverCodeStrict(b, 0, len);
                if (code != null && !code.equals("#!/")) {
                    f.add(Reason.SERVER_CODE, "the PDF contains server-side code (" + code + ")");
                }
                for (int i = len - 5; i >= 0 && !sawEof[0]; i--) {
                    sawEof[0] = b[i] == '%' && Markup.matches(b, i, len, "%%eof");
                }
            });
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "PDF " + e.getMessage());
            return;
        }
        if (!sawEof[0]) {
            f.add(Reason.MALFORMED, "the PDF has no %%EOF marker");
        }
        if (size <= Integer.MAX_VALUE) {
            streams(ch, size, policy, budget, f);
        }
    }

    /**
     * Inflates every zlib stream (FlateDecode, object streams) under the container caps and looks
     * for the same names inside, so actions hidden in compressed object streams are found and a
     * FlateDecode bomb stops at {@code max-inflated-size}.
     */
    private static void streams(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f)
            throws IOException {
        java.nio.MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        long total = 0;
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        byte[] out = new byte[64 * 1024];
        byte[] window = new byte[out.length + 64];
        try {
            int i = 0;
            int n = (int) size;
            while (i < n - 8) {
                if (map.get(i) != 's' || !startsWith(map, i, "stream") || (i > 0 && map.get(i - 1) == 'd')) {
                    i++;
                    continue;
                }
                int start = i + 6;
                if (start < n && map.get(start) == '\r') {
                    start++;
                }
                if (start < n && map.get(start) == '\n') {
                    start++;
                }
                if (start >= n || (map.get(start) & 0x0F) != 8) {
                    i = start;
                    continue;
                }
                budget.check();
                inflater.reset();
                ByteBuffer input = map.slice(start, n - start);
                inflater.setInput(input);
                int carry = 0;
                try {
                    while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                        int k = inflater.inflate(out);
                        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                            break;
                        }
                        total += k;
                        if (total > policy.maxInflatedSize()) {
                            f.add(Reason.CONTAINER_LIMIT, "the PDF streams inflate to more than "
                                    + policy.maxInflatedSize() + " bytes");
                            return;
                        }
                        System.arraycopy(out, 0, window, carry, k);
                        int len = carry + k;
                        names(window, len, 0, f);
                        int keep = Math.min(32, len);
                        System.arraycopy(window, len - keep, window, 0, keep);
                        carry = keep;
                        if ((total & 0xFFFFF) < k) {
                            budget.check();
                        }
                    }
                } catch (java.util.zip.DataFormatException e) {
                    // not a zlib stream after all
                }
                long used = inflater.getBytesRead();
                i = start + (int) Math.max(1, Math.min(used, n - start));
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "PDF " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static boolean startsWith(ByteBuffer b, int at, String s) {
        if (at + s.length() > b.limit()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b.get(at + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static void names(byte[] b, int len, int from, Findings f) {
        for (int i = from; i < len; i++) {
            if (b[i] != '/') {
                continue;
            }
            StringBuilder name = new StringBuilder();
            int j = i + 1;
            while (j < len && name.length() < 32) {
                int c = b[j] & 0xff;
                if (c <= ' ' || "()<>[]{}/%".indexOf(c) >= 0) {
                    break;
                }
                if (c == '#' && j + 2 < len && hex(b[j + 1]) >= 0 && hex(b[j + 2]) >= 0) {
                    name.append((char) (hex(b[j + 1]) * 16 + hex(b[j + 2])));
                    j += 3;
                } else {
                    name.append((char) c);
                    j++;
                }
            }
            if (name.length() == 3 && name.toString().equals("URI") && PdfUri.scriptable(b, j, len)) {
                f.add(Reason.ACTIVE_CONTENT, "the PDF has a link action whose /URI is a script (javascript:)");
            }
            Reason r = NAMES.get(name.toString());
            if (r != null) {
                f.add(r, r == Reason.EMBEDDED_OBJECT ? "the PDF embeds files (/" + name + ")"
                        : "the PDF carries an active action (/" + name + ")");
            }
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

package io.portcullis.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * PDF rules on the raw bytes: {@code %PDF-} at offset 0 (no leading junk),
 * a {@code %%EOF}, no JavaScript, Launch, RichMedia or XFA actions and no
 * embedded files (names are compared after decoding {@code #xx} escapes), no HTML markup. Names
 * hidden inside compressed object streams are not seen: documented limitation.
 */
final class Pdf {

    private static final Map<String, Reason> NAMES = Map.of(
            "JavaScript", Reason.ACTIVE_CONTENT, "JS", Reason.ACTIVE_CONTENT, "Launch", Reason.ACTIVE_CONTENT,
            "RichMedia", Reason.ACTIVE_CONTENT, "XFA", Reason.ACTIVE_CONTENT, "SubmitForm", Reason.ACTIVE_CONTENT,
            "EmbeddedFile", Reason.EMBEDDED_OBJECT, "EmbeddedFiles", Reason.EMBEDDED_OBJECT);

    private Pdf() {
    }

    static void check(FileChannel ch, long size, byte[] head, Budget budget, Findings f) throws IOException {
        if (!Markup.matches(head, 0, head.length, "%pdf-")) {
            f.add(Reason.POLYGLOT, "data precedes %PDF- (the file is something else with a PDF inside)");
        }
        int chunk = 1 << 20;
        int overlap = 256;
        long eof = -1;
        try {
            for (long pos = 0; pos < size; pos += chunk - overlap) {
                budget.check();
                int len = (int) Math.min(chunk, size - pos);
                ByteBuffer buf = ZipInspector.read(ch, pos, len);
                byte[] b = buf.array();
                names(b, len, pos == 0 ? 0 : overlap / 2, f);
                String script = Markup.scriptAnywhere(b, 0, len);
                if (script != null) {
                    f.add(Reason.ACTIVE_CONTENT, "the PDF contains HTML markup (" + script + ")");
                }
                String code = Markup.serverCodeStrict(b, 0, len);
                if (code != null && !code.equals("#!/")) {
                    f.add(Reason.SERVER_CODE, "the PDF contains server-side code (" + code + ")");
                }
                for (int i = len - 5; i >= 0; i--) {
                    if (b[i] == '%' && Markup.matches(b, i, len, "%%eof")) {
                        eof = Math.max(eof, pos + i + 5);
                        break;
                    }
                }
                if (pos + len >= size) {
                    break;
                }
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "PDF " + e.getMessage());
            return;
        }
        if (eof < 0) {
            f.add(Reason.MALFORMED, "the PDF has no %%EOF marker");
        }
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

package io.portcullis.upload;

import java.util.Locale;

/**
 * The value of a PDF {@code /URI} entry (ISO 32000-1 §12.6.4.7): a literal string with its
 * escapes (§7.3.4.2: {@code \n}, {@code \ddd} octal, line continuations, balanced parentheses)
 * or a hexadecimal string, in PDFDocEncoding or UTF-16BE with a byte-order mark. A link whose
 * URI a browser would run as script ({@code javascript:}, {@code vbscript:}, after the URL
 * parser has dropped leading spaces and controls and every tab and line break) is active content.
 */
final class PdfUri {

    private static final int MAX = 256;

    private PdfUri() {
    }

    /** Whether the string value starting (after whitespace) at {@code b[at]} is a script URI. */
    static boolean scriptable(byte[] b, int at, int len) {
        int i = at;
        while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == '\f' || b[i] == 0)) {
            i++;
        }
        if (i >= len) {
            return false;
        }
        byte[] v;
        if (b[i] == '(') {
            v = literal(b, i + 1, len);
        } else if (b[i] == '<' && !(i + 1 < len && b[i + 1] == '<')) {
            v = hex(b, i + 1, len);
        } else {
            return false;
        }
        return scheme(v);
    }

    private static byte[] literal(byte[] b, int i, int len) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int depth = 0;
        for (; i < len && out.size() < MAX; i++) {
            int c = b[i] & 0xff;
            if (c == '\\' && i + 1 < len) {
                int e = b[++i] & 0xff;
                switch (e) {
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case '\r' -> {
                        if (i + 1 < len && b[i + 1] == '\n') {
                            i++;
                        }
                    }
                    case '\n' -> {
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && i + 1 < len && b[i + 1] >= '0' && b[i + 1] <= '7'; k++) {
                                v = v * 8 + b[++i] - '0';
                            }
                            out.write(v & 0xff);
                        } else {
                            out.write(e);
                        }
                    }
                }
            } else if (c == '(') {
                depth++;
                out.write(c);
            } else if (c == ')') {
                if (depth-- == 0) {
                    break;
                }
                out.write(c);
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static byte[] hex(byte[] b, int i, int len) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int high = -1;
        for (; i < len && b[i] != '>' && out.size() < MAX; i++) {
            int d = Character.digit(b[i] & 0xff, 16);
            if (d < 0) {
                continue;
            }
            if (high < 0) {
                high = d;
            } else {
                out.write(high << 4 | d);
                high = -1;
            }
        }
        if (high >= 0) {
            out.write(high << 4);
        }
        return out.toByteArray();
    }

    private static boolean scheme(byte[] v) {
        StringBuilder s = new StringBuilder();
        boolean utf16 = v.length >= 2 && (v[0] & 0xff) == 0xFE && (v[1] & 0xff) == 0xFF;
        for (int i = utf16 ? 2 : 0; i < v.length && s.length() < 16; i += utf16 ? 2 : 1) {
            int c = utf16 ? (i + 1 < v.length ? (v[i] & 0xff) << 8 | v[i + 1] & 0xff : 0) : v[i] & 0xff;
            if (c == '\t' || c == '\n' || c == '\r' || s.length() == 0 && c <= ' ') {
                continue; // the URL parser strips these (WHATWG URL: leading C0 controls and spaces, tab and newlines)
            }
            s.append((char) c);
        }
        String t = s.toString().toLowerCase(Locale.ROOT);
        return t.startsWith("javascript:") || t.startsWith("vbscript:");
    }
}

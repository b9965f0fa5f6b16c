package io.portcullis.core;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Builds {@code Content-Disposition} header values per RFC 6266 with an RFC 5987/8187
 * {@code filename*} parameter, so any file name is carried exactly and none can inject a
 * header, a parameter or a path.
 *
 * <p>The plain {@code filename} is an ASCII fallback: non-ASCII letters lose their accents
 * where possible, and anything else that is not a safe ASCII character becomes {@code _}.
 * Path separators, quotes, control characters and {@code ;} never reach the header.
 *
 * <p>A name longer than {@value #MAX_NAME_BYTES} UTF-8 bytes (NAME_MAX of common file systems)
 * is cut there, keeping its extension, and so is the fallback: otherwise a long name (or one
 * whose NFKD form is much longer, U+FDFA gives 18 characters) made the header outgrow what front
 * servers accept from the application (nginx's {@code proxy_buffer_size}, 4 KiB for all headers,
 * answered 502; Apache 502 above 8 KiB) and the download failed for everybody it was shared with.
 */
public final class ContentDisposition {

    /** Longest name carried, in UTF-8 bytes; the header then stays under about 1 KiB. */
    public static final int MAX_NAME_BYTES = 255;

    /** Longest extension kept when a name is cut, in characters. */
    private static final int MAX_EXTENSION_CHARS = 16;

    private ContentDisposition() {
    }

    /** {@code attachment; filename="…"; filename*=UTF-8''…}: the browser saves the file. */
    public static String attachment(String filename) {
        return build("attachment", filename);
    }

    /** {@code inline; filename="…"; filename*=UTF-8''…}: the browser may display the file. */
    public static String inline(String filename) {
        return build("inline", filename);
    }

    private static String build(String type, String filename) {
        String name = shorten(baseName(filename));
        if (name.isEmpty()) {
            return type;
        }
        String fallback = shorten(asciiFallback(name));
        StringBuilder out = new StringBuilder(type).append("; filename=\"").append(fallback).append('"');
        if (!fallback.equals(name)) {
            out.append("; filename*=UTF-8''").append(percentEncode(name));
        }
        return out.toString();
    }

    /** The last path segment, without control characters. */
    private static String baseName(String filename) {
        if (filename == null) {
            return "";
        }
        String name = filename;
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(cut + 1);
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().filter(cp -> !Character.isISOControl(cp) && cp != 0x2028 && cp != 0x2029)
                .forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    /** {@code name} cut to {@link #MAX_NAME_BYTES} UTF-8 bytes of whole code points, its extension kept. */
    static String shorten(String name) {
        if (utf8Length(name) <= MAX_NAME_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION_CHARS ? name.substring(dot) : "";
        int budget = MAX_NAME_BYTES - utf8Length(extension);
        StringBuilder stem = new StringBuilder();
        int used = 0;
        for (int cp : name.substring(0, name.length() - extension.length()).codePoints().toArray()) {
            int size = utf8Length(Character.toString(cp));
            if (used + size > budget) {
                break;
            }
            stem.appendCodePoint(cp);
            used += size;
        }
        return stem + extension;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static String asciiFallback(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            boolean safe = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%' && c != ',';
            out.append(safe ? c : '_');
        }
        return out.toString();
    }

    /** RFC 8187 §3.2.1 {@code value-chars}: attr-char kept, everything else %XX of UTF-8. */
    static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

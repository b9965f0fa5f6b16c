package io.portcullis.upload;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Byte-level markup rules: a WHATWG mimesniff-style "scriptable" sniff of the start of a file
 * (skipping whitespace and BOMs, decoding UTF-16), server-side code markers, and DOCTYPE.
 */
final class Markup {

    /** WHATWG mimesniff §7.1 HTML patterns (each must be followed by a tag-terminating byte), plus other scriptable roots. */
    private static final List<String> TAGS = List.of("!doctype html", "html", "head", "script", "iframe", "h1", "div",
            "font", "table", "a", "style", "title", "b", "body", "br", "p", "svg", "object", "embed", "frameset", "frame",
            "img", "meta", "link", "base", "form", "input", "math", "xmp", "plaintext", "noscript", "template", "video",
            "audio", "x:script", "html:script", "svg:svg", "xsl:stylesheet", "?xml-stylesheet", "hta:application");

    /** Markers of server-side code; {@code <%} needs a following directive/expression character or whitespace. */
    private static final List<String> SERVER = List.of("<?php", "<?=", "<%@", "<%=", "<%!", "<%--", "<jsp:", "<asp:",
            "<cfscript", "<cfexecute", "#!/");

    private Markup() {
    }

    /** The text of the first {@code limit} bytes, decoding a UTF-16 or UTF-8 BOM; other bytes as ISO-8859-1. */
    static String text(byte[] b, int off, int len) {
        if (len >= 2 && (b[off] & 0xff) == 0xFE && (b[off + 1] & 0xff) == 0xFF) {
            return new String(b, off + 2, len - 2, StandardCharsets.UTF_16BE);
        }
        if (len >= 2 && (b[off] & 0xff) == 0xFF && (b[off + 1] & 0xff) == 0xFE) {
            return new String(b, off + 2, len - 2, StandardCharsets.UTF_16LE);
        }
        if (len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
            return new String(b, off + 3, len - 3, StandardCharsets.UTF_8);
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether text whose first byte is {@code b} can begin, after the whitespace and BOM the
     * sniffer skips, with {@code <}: a BOM's first byte (0xEF, 0xFE, 0xFF), skipped whitespace,
     * NUL or {@code <} itself. Any other first byte decodes (ISO-8859-1) to the first character.
     */
    private static boolean mayStartMarkup(int b) {
        return b == '<' || skipped(b) || b == 0xEF || b == 0xFE || b == 0xFF;
    }

    /** What a browser's sniffer skips before looking for a tag: whitespace and NUL (and a decoded BOM). */
    private static boolean skipped(int c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ' || c == 0;
    }

    /**
     * The scriptable tag a browser would sniff at the start of {@code head} (after whitespace,
     * BOM and leading HTML comments), or null.
     */
    static String sniffScriptable(byte[] head, boolean xml) {
        if (head.length > 0 && !mayStartMarkup(head[0] & 0xff)) {
            return null; // the text below would start with that very character: no tag
        }
        String s = text(head, 0, Math.min(head.length, 1445 * 2)).toLowerCase(Locale.ROOT);
        int i = 0;
        for (int guard = 0; guard < 32; guard++) {
            while (i < s.length() && (skipped(s.charAt(i)) || s.charAt(i) == '\uFEFF')) {
                i++;
            }
            if (i >= s.length() || s.charAt(i) != '<') {
                return null;
            }
            if (s.startsWith("<!--", i)) {
                if (!xml) {
                    return "<!--";
                }
                int end = s.indexOf("-->", i + 4);
                if (end < 0) {
                    return "<!--";
                }
                i = end + 3;
                continue;
            }
            if (xml && (s.startsWith("<?xml ", i) || s.startsWith("<?xml?", i))) {
                int end = s.indexOf("?>", i);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
                continue;
            }
            for (String tag : TAGS) {
                int after = i + 1 + tag.length();
                if (s.startsWith(tag, i + 1) && (after >= s.length() || terminates(s.charAt(after)))) {
                    return "<" + tag;
                }
            }
            return null;
        }
        return null;
    }

    private static boolean terminates(char c) {
        return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/';
    }

    /** The first server-side code marker in {@code b[off, off+len)}, case-insensitive, or null. */
    static String serverCode(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c != '<' && c != '#') {
                continue;
            }
            for (String m : SERVER) {
                if (m.equals("#!/") && i != 0) {
                    continue;
                }
                if (matches(b, i, end, m)) {
                    return m;
                }
            }
            if (c == '<' && i + 2 < end && b[i + 1] == '%' && (b[i + 2] == ' ' || b[i + 2] == '\n' || b[i + 2] == '\r'
                    || b[i + 2] == '\t')) {
                return "<%";
            }
        }
        return null;
    }

    /**
     * Like {@link #serverCode} but for binary data, where short markers occur by chance: the
     * rule of {@link ServerCode} (long markers anywhere, short openers only when a block of code
     * follows).
     */
    static String serverCodeStrict(byte[] b, int off, int len) {
        return ServerCode.find(b, off, off + len, off + len);
    }

    /** The first {@code <script}, {@code <iframe}, {@code javascript:} etc. anywhere in {@code b[off, off+len)}, or null. */
    static String scriptAnywhere(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '<') {
                for (String m : new String[] {"<script", "<iframe", "<svg", "<html", "<object", "<embed", "<body"}) {
                    if (matches(b, i, end, m) && (i + m.length() >= end || !Character.isLetterOrDigit(b[i + m.length()]))) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    static boolean matches(byte[] b, int i, int end, String marker) {
        if (i + marker.length() > end) {
            return false;
        }
        for (int k = 0; k < marker.length(); k++) {
            int x = b[i + k] & 0xff;
            if (x >= 'A' && x <= 'Z') {
                x += 32;
            }
            if (x != marker.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether an XML prolog (first bytes of a part) contains a DOCTYPE declaration. */
    static boolean hasDoctype(byte[] xml) {
        String s = text(xml, 0, Math.min(xml.length, 4096));
        if (s.indexOf('\0') >= 0) {
            s = s.replace("\0", "");
        }
        return s.toUpperCase(Locale.ROOT).contains("<!DOCTYPE") || s.contains("<!ENTITY");
    }
}

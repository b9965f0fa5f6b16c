package io.portcullis.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filename rules: one canonical reading of a submitted name, computed once. The stored name
 * is random, so only what is dangerous in a name is refused: path parts, control, bidi and
 * invisible characters, Windows device names, 8.3 aliases and NTFS streams, hidden executable
 * extensions (also behind {@code #}, {@code %00} or other punctuation, and after
 * percent-decoding), look-alikes of separators. A name passes when its NFC form is made of
 * letters, marks, digits, space and {@code . _ - ( ) [ ] { } + , @ & ' ! % = ~ # $ ^}; its
 * extension is the last segment, ASCII, lower-cased with {@link Locale#ROOT}.
 */
final class FileNames {

    /** The outcome: {@code problem == null} when the name is acceptable. */
    record Result(String name, String extension, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** Extensions that execute somewhere (web server, OS, browser, JVM) and must not hide inside a name. */
    static final Set<String> DANGEROUS = Set.of(
            "php", "php2", "php3", "php4", "php5", "php6", "php7", "php8", "phps", "pht", "phtm", "phtml", "phar",
            "inc", "jsp", "jspx", "jspf", "jsw", "jsv", "jhtml", "asp", "aspx", "asa", "asax", "ascx", "ashx",
            "asmx", "axd", "cer", "cdx", "shtml", "shtm", "stm", "cgi", "pl", "pm", "py", "pyc", "rb", "sh", "bash",
            "zsh", "ksh", "csh", "bat", "cmd", "exe", "dll", "msi", "msp", "scr", "pif", "cpl", "sys", "drv",
            "ocx", "js", "mjs", "cjs", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "hta", "htaccess", "htpasswd",
            "html", "htm", "xhtml", "xht", "svg", "svgz", "xsl", "xslt", "swf", "jar", "war", "ear", "class",
            "jnlp", "ps1", "psm1", "psd1", "lnk", "url", "scf", "reg", "inf", "config", "gadget", "application",
            "appref-ms", "vb", "vba", "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm",
            "elf", "so", "dylib", "apk", "ipa", "deb", "rpm", "cfm", "cfc", "lasso", "erb",
            "rhtml", "twig", "ftl", "tpl", "aspq", "soap", "xamlx", "rem", "eps", "mvg", "msl");

    private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul", "clock$", "conin$", "conout$",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private static final Set<String> CONFIG_NAMES = Set.of("web.config", "global.asa", "global.asax",
            "php.ini", ".user.ini", ".htaccess", ".htpasswd", "thumbs.db", "desktop.ini");

    /** A Windows 8.3 alias: at most six characters, {@code ~N}, and an extension of at most three. */
    private static final Pattern SHORT_NAME = Pattern.compile("[^.]{1,6}~[0-9]+(\\.[^.]{0,3})?");
    private static final Pattern PERCENT = Pattern.compile("%[0-9a-fA-F]{2}");
    private static final String ALLOWED_PUNCT = " ._-()[]{}+,@&'!%=~#$^";

    private FileNames() {
    }

    static Result check(String submitted, int maxBytes) {
        Result r = check1(submitted, maxBytes);
        if (r.ok() && PERCENT.matcher(r.name()).find()) {
            // A name that percent-decodes to something dangerous (%2f, %00, .jsp%00.png) is refused as such.
            String decoded = decode(r.name());
            Result d = check1(decoded, maxBytes);
            if (!d.ok() && !decoded.equals(r.name())) {
                return bad(r.name(), d.problem() + " after percent-decoding");
            }
        }
        return r;
    }

    private static String decode(String name) {
        byte[] out = new byte[name.length() * 4];
        int n = 0;
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%' && i + 2 < utf8.length && Character.digit(utf8[i + 1], 16) >= 0
                    && Character.digit(utf8[i + 2], 16) >= 0) {
                out[n++] = (byte) (Character.digit(utf8[i + 1], 16) * 16 + Character.digit(utf8[i + 2], 16));
                i += 2;
            } else {
                out[n++] = utf8[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static Result check1(String submitted, int maxBytes) {
        if (submitted == null || submitted.isEmpty()) {
            return bad("", "the filename is empty");
        }
        if (!Normalizer.isNormalized(submitted, Normalizer.Form.NFC) && submitted.length() > 4 * maxBytes) {
            return bad("", "the filename is longer than " + maxBytes + " bytes");
        }
        String name = Normalizer.normalize(submitted, Normalizer.Form.NFC);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return bad(name, "the filename is " + bytes + " bytes in UTF-8; the limit is " + maxBytes);
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            String problem = character(cp);
            if (problem != null) {
                return bad(name, "the filename contains " + problem);
            }
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        if (!folded.equals(name)) {
            for (char c : new char[] {'.', '/', '\\', ':', ';', '%', '#', '?', '<', '>', '"', '|', '*'}) {
                if (count(folded, c) != count(name, c)) {
                    return bad(name, "the filename contains a look-alike of '" + c + "' (NFKC)");
                }
            }
        }
        if (name.equals(".") || name.equals("..")) {
            return bad(name, "the filename is a dot name");
        }
        if (name.startsWith(".")) {
            return bad(name, "the filename starts with a dot (hidden or configuration file)");
        }
        if (name.startsWith(" ") || name.endsWith(" ") || name.endsWith(".")) {
            return bad(name, "the filename starts or ends with a space, or ends with a dot");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CONFIG_NAMES.contains(lower)) {
            return bad(name, "the filename names a server or OS configuration file");
        }
        if (SHORT_NAME.matcher(lower).matches()) {
            return bad(name, "the filename looks like a Windows 8.3 short name (~N)");
        }
        String[] segments = lower.split("\\.", -1);
        String stem = segments[0].strip();
        if (DEVICES.contains(stem) || DEVICES.contains(Normalizer.normalize(stem, Normalizer.Form.NFKC))) {
            return bad(name, "the filename is a reserved Windows device name");
        }
        for (String s : segments) {
            if (s.isEmpty()) {
                return bad(name, "the filename has an empty segment between dots");
            }
        }
        String extension = segments.length > 1 ? segments[segments.length - 1] : "";
        for (int i = 1; i < segments.length - 1; i++) {
            // "x.php#.png", "x.jsp%00.png", "x.asp~1.png": the part before the punctuation counts.
            String inner = segments[i].strip().split("[#%~]", 2)[0];
            if (DANGEROUS.contains(segments[i].strip()) || DANGEROUS.contains(inner)) {
                return bad(name, "the filename hides the executable extension ." + segments[i] + " inside it");
            }
        }
        for (int i = 0; i < extension.length(); i++) {
            char c = extension.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return bad(name, "the extension is not plain ASCII letters and digits");
            }
        }
        return new Result(name, extension, null);
    }

    private static String character(int cp) {
        int type = Character.getType(cp);
        switch (type) {
            case Character.CONTROL:
                return String.format("the control character U+%04X", cp);
            case Character.FORMAT:
                return String.format("the invisible or bidi control character U+%04X", cp);
            case Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE:
                return String.format("the unassigned, private or lone surrogate character U+%04X", cp);
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return String.format("the line separator U+%04X", cp);
            default:
                break;
        }
        if (Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return null;
        }
        if (cp < 128 && ALLOWED_PUNCT.indexOf(cp) >= 0) {
            return null;
        }
        if (cp == '/' || cp == '\\') {
            return "a path separator";
        }
        if (cp == ':') {
            return "':' (drive letter or NTFS stream)";
        }
        return String.format("the character '%s' (U+%04X), which is not allowed in names", new String(Character.toChars(cp)), cp);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static Result bad(String name, String problem) {
        return new Result(name, "", problem);
    }
}

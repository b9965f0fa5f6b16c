package io.portcullis.upload;

/**
 * Server-side code in data where short markers occur by chance (image pixels, compressed streams,
 * metadata, PDF bodies). A PHP, JSP or ASP interpreter that is made to run an uploaded file
 * (include of an upload, {@code .htaccess} handler, a {@code .php} rename) skips everything outside
 * its tags, so code hidden anywhere in an image runs; a two-byte {@code <?} occurs about every
 * 64 KiB of random data, so an opener alone cannot be the rule.
 *
 * <p>The rule, applied to raw bytes and to decompressed streams alike:
 * <ul>
 * <li>{@code <?php} followed by whitespace, {@code <jsp:} followed by a standard action that
 *     runs code ({@code scriptlet}, {@code expression}, {@code include}...), {@code <cfscript},
 *     {@code <cfexecute}, and {@code <script}/{@code <asp:} tags with {@code runat=server}
 *     (or {@code language=php}) are refused wherever they occur;</li>
 * <li>a short opener ({@code <?=}, a bare {@code <?} short tag, {@code <%}, {@code <%=},
 *     {@code <%@}, {@code <%!}) is refused only when it opens a <em>block that reads as code</em>:
 *     after whitespace and comments, tokens that can follow each other in PHP (no operand right
 *     after an operand unless after a keyword, operators that exist, numbers that are numbers,
 *     brackets that match, assignment only to a variable; bytes outside printable ASCII only in
 *     strings and comments) up to the statement end ({@code ;} or {@code ?>}; {@code %>} for
 *     JSP/ASP, whose Java/VB is only checked for brackets and operators) within {@link #SPAN}
 *     bytes, with at least {@link #MIN_CODE} code characters ({@link #MIN_SHORT_TAG} for a bare
 *     {@code <?}) and a token that does something: a call ({@code name(}, {@code $f(}), a
 *     backtick command, {@code include}/{@code require}; for JSP/ASP a member access
 *     ({@code a.b}) or a directive attribute ({@code import="}). A bare {@code <?} needs a call,
 *     an include or a short plain backtick command.</li>
 * </ul>
 * A working payload needs all of that (PHP refuses to parse a block that is not code and needs
 * {@code ;} or {@code ?>} before the binary data resumes; JSP and ASP need {@code %>}). Measured
 * by {@code ServerCodeTest} and {@code NoiseImagesTest}: no block in 64 MiB of random bytes nor
 * in 256 MiB of random ASCII85 text, the worst case.
 */
final class ServerCode {

    /** Bytes looked at after an opener. */
    static final int SPAN = 512;
    /** Code characters (outside comments) a short-opener block needs. */
    static final int MIN_CODE = 4;
    /** Code characters a bare {@code <?} short-tag block needs (the opener is only two bytes). */
    static final int MIN_SHORT_TAG = 8;

    private static final String[] LONG = {"<cfscript", "<cfexecute"};
    /** JSP standard actions (JSP 3.1 §5) that run code or pull in other resources. */
    private static final String[] JSP_ACTIONS = {"scriptlet", "expression", "declaration", "directive.", "include",
        "forward", "usebean", "setproperty", "getproperty", "plugin", "invoke", "dobody", "element", "root"};
    /** PHP keywords an operand may follow (include/require also count as a token: they run a file). */
    private static final String[] PHP_KEYWORDS = {"include", "include_once", "require", "require_once", "eval",
        "echo", "print", "return", "new", "clone", "throw", "case", "else", "yield", "and", "or", "xor", "as",
        "instanceof", "global", "static", "use", "function", "fn", "do"};

    private ServerCode() {
    }

    /**
     * The first server-side code marker whose opener starts in {@code b[from, to)}, looking at
     * most up to {@code end} for the rest of the block; null when there is none.
     */
    static String find(byte[] b, int from, int to, int end) {
        for (int i = from; i < to; i++) {
            if (b[i] == '<') {
                String m = at(b, i, end);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The marker of the block opened at {@code b[i]} (looking at most up to {@code end}), or null. */
    static String at(byte[] b, int i, int end) {
        if (b[i] != '<' || i + 1 >= end) {
            return null;
        }
        byte c = b[i + 1];
        if (c == '?') {
            if (Markup.matches(b, i, end, "<?php") && (i + 5 == end || space(b[i + 5]))) {
                return "<?php"; // PHP opens a block only when whitespace follows
            }
            if (i + 2 < end && b[i + 2] == '=') {
                return block(b, i + 3, end, false, MIN_CODE) ? "<?=" : null;
            }
            return block(b, i + 2, end, false, MIN_SHORT_TAG) ? "<? short tag" : null;
        }
        if (c == '%') {
            int j = i + 2;
            if (j < end && (b[j] == '=' || b[j] == '@' || b[j] == '!')) {
                j++;
            }
            if (!(j + 1 < end && b[j] == '-' && b[j + 1] == '-') && block(b, j, end, true, MIN_CODE)) {
                return new String(b, i, j - i, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            return null;
        }
        for (String m : LONG) {
            if (Markup.matches(b, i, end, m)) {
                return m;
            }
        }
        if (Markup.matches(b, i, end, "<jsp:") && jspAction(b, i + 5, end)) {
            return "<jsp:";
        }
        if (Markup.matches(b, i, end, "<asp:") && serverScript(b, i + 5, end)) {
            return "<asp: runat=server>";
        }
        if (Markup.matches(b, i, end, "<script") && serverScript(b, i + 7, end)) {
            return "<script runat=server>";
        }
        return null;
    }

    private static boolean jspAction(byte[] b, int at, int end) {
        for (String a : JSP_ACTIONS) {
            if (Markup.matches(b, at, end, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean space(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Whether a {@code <script} tag (attributes from {@code at}) says runat=server or language=php. */
    private static boolean serverScript(byte[] b, int at, int end) {
        int limit = Math.min(end, at + 256);
        for (int k = at; k < limit && b[k] != '>'; k++) {
            if ((b[k] | 0x20) == 'r' && Markup.matches(b, k, limit, "runat")
                    || (b[k] | 0x20) == 'l' && Markup.matches(b, k, limit, "language")
                    && php(b, k + 8, limit)) {
                return true;
            }
        }
        return false;
    }

    private static boolean php(byte[] b, int at, int limit) {
        for (int k = at; k < limit && k < at + 8; k++) {
            if ((b[k] | 0x20) == 'p' && Markup.matches(b, k, limit, "php")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code b[start, ...)} reads as a block of code up to its end: PHP ({@code ;} or
     * {@code ?>}) or JSP/ASP ({@code %>}). A small tokenizer checks that tokens follow each other
     * as they can in code (no operand right after an operand unless after a keyword, operators
     * that exist, numbers that are numbers, brackets that balance) and that the block does
     * something: a call, a backtick command or an include.
     */
    private static boolean block(byte[] b, int start, int end, boolean jsp, int min) {
        boolean shortTag = min == MIN_SHORT_TAG;
        int limit = Math.min(end, start + SPAN);
        int k = start;
        int code = 0;
        int depth = 0;
        boolean token = false;
        boolean operand = false;
        boolean keyword = false;
        boolean callable = false;
        boolean assignable = false;
        boolean call = false;
        long brackets = 0; // one bit per open bracket: 1 for [, 0 for (
        while (k < limit) {
            int c = b[k] & 0xff;
            int next = k + 1 < limit ? b[k + 1] & 0xff : -1;
            if (!jsp && (c == '?' && next == '>' || c == ';')) {
                return depth == 0 && (operand || keyword) && code >= min && token && (call || !shortTag);
            }
            if (jsp && c == '%' && next == '>') {
                return depth == 0 && code >= min && token;
            }
            if (c == '/' && next == '*') {
                k = skipTo(b, k + 2, limit, '*', '/');
                if (k < 0) {
                    return false;
                }
                continue;
            }
            if (c == '/' && next == '/' || !jsp && c == '#') {
                // a line comment ends at the line end, or at ?> in PHP
                k++;
                while (k < limit && b[k] != '\n' && !(!jsp && b[k] == '?' && k + 1 < limit && b[k + 1] == '>')) {
                    k++;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                k++;
                continue;
            }
            if (jsp && c == ';') {
                if (depth != 0 || !operand) {
                    return false;
                }
                operand = false;
                keyword = false;
                callable = false;
                k++;
                continue;
            }
            boolean adjacent = operand && !keyword && !jsp;
            if (c == '"' || c == '\'' || c == '`') {
                int close = closeQuote(b, k + 1, limit, (byte) c);
                if (close < 0 || adjacent) {
                    return false;
                }
                if (c == '`' && !jsp) {
                    token = true;
                    // a bare <? block needs a call, or a short command: random text has long backtick spans
                    call |= command(b, k + 1, close);
                } else if (jsp && k > start && b[k - 1] == '=' && code > 1) {
                    token = true; // a directive attribute: <%@ page import="..."
                }
                code += close + 1 - k;
                k = close + 1;
                operand = true;
                keyword = false;
                callable = false;
                assignable = false;
                continue;
            }
            if (c == '$' && next >= 0 && identStart(next)) {
                if (adjacent) {
                    return false;
                }
                int e = k + 2;
                while (e < limit && identPart(b[e] & 0xff)) {
                    e++;
                }
                code += e - k;
                k = e;
                operand = true;
                keyword = false;
                callable = true;
                assignable = true;
                continue;
            }
            if (identStart(c) || c == '\\') {
                if (adjacent) {
                    return false;
                }
                int e = k + 1;
                while (e < limit && (identPart(b[e] & 0xff) || b[e] == '\\')) {
                    e++;
                }
                boolean kw = !jsp && isKeyword(b, k, e);
                if (kw && (Markup.matches(b, k, e, "inc") || Markup.matches(b, k, e, "req"))) {
                    token = true; // include / require
                    call = true;
                }
                if (jsp && e < limit && b[e] == '.' && e + 1 < limit && identStart(b[e + 1] & 0xff)) {
                    token = true; // member access: request.getParameter, Response.Write
                }
                callable = e - k >= 2 && !kw || kw && (b[k] | 0x20) == 'e' && (b[k + 1] | 0x20) == 'v';
                code += e - k;
                k = e;
                operand = !kw;
                keyword = kw;
                // a property after -> can be assigned; jsp: Java/VB locals are plain names
                assignable = jsp || assignable;
                continue;
            }
            if (c >= '0' && c <= '9') {
                if (adjacent) {
                    return false;
                }
                int e = k + 1;
                boolean hex = c == '0' && e < limit && (b[e] | 0x20) == 'x';
                if (hex) {
                    e++;
                }
                while (e < limit && (b[e] >= '0' && b[e] <= '9' || b[e] == '_' || b[e] == '.'
                        || hex && Character.digit(b[e], 16) >= 0)) {
                    e++;
                }
                if (e < limit && identStart(b[e] & 0xff)) {
                    return false; // 8Th is not a number
                }
                code += e - k;
                k = e;
                operand = true;
                keyword = false;
                callable = false;
                assignable = false;
                continue;
            }
            if (c == '(' || c == '[') {
                if (c == '(' && operand && callable) {
                    token = true;
                    call = true;
                }
                if (depth >= 63) {
                    return false;
                }
                brackets = brackets << 1 | (c == '[' ? 1 : 0);
                depth++;
                operand = false;
                keyword = false;
                callable = false;
                assignable = false;
                code++;
                k++;
                continue;
            }
            if (c == ')' || c == ']') {
                int prev = prevCode(b, start, k);
                if (--depth < 0 || !operand && prev != '(' && prev != '[' && prev != ','
                        || (brackets & 1) != (c == ']' ? 1 : 0)) {
                    return false; // unbalanced, or ( closed by ]
                }
                brackets >>>= 1;
                operand = true;
                keyword = false;
                callable = true;
                assignable = c == ']';
                code++;
                k++;
                continue;
            }
            if (c == '{' || c == '}') {
                operand = false;
                keyword = false;
                callable = false;
                assignable = false;
                code++;
                k++;
                continue;
            }
            if (OPERATOR.indexOf(c) >= 0) {
                int e = k;
                while (e < limit && OPERATOR.indexOf(b[e] & 0xff) >= 0 && !(!jsp && b[e] == '?' && e + 1 < limit
                        && b[e + 1] == '>') && !(jsp && b[e] == '%' && e + 1 < limit && b[e + 1] == '>')) {
                    e++;
                }
                String op = new String(b, k, e - k, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (!operator(op, operand) || !jsp && assigns(op) && !assignable) {
                    return false; // only a variable can be assigned: D&O=`...` is not PHP
                }
                boolean member = op.equals("->") || op.equals("?->") || op.equals("::");
                operand = op.equals("++") || op.equals("--") ? operand : false;
                keyword = false;
                callable = false;
                assignable = member;
                code += e - k;
                k = e;
                continue;
            }
            return false; // a control byte or a byte above 0x7E outside a string or comment
        }
        return false;
    }

    private static final String OPERATOR = "=+-*/%.<>!&|^~?:,@";
    private static final java.util.Set<String> BINARY = java.util.Set.of("=", "==", "===", "!=", "!==", "<>", "<",
            ">", "<=", ">=", "<=>", "+", "-", "*", "/", "%", "**", ".", "&&", "||", "??", "?", ":", "::", "->", "?->",
            "=>", "+=", "-=", "*=", "/=", ".=", "%=", "**=", "??=", "&=", "|=", "^=", "<<=", ">>=", "&", "|", "^",
            "<<", ">>", ",", "++", "--");

    /** A backtick command short and plain enough to be typed: at most 48 bytes of letters, digits and {@code  -_./$[]'"=:,|}. */
    private static boolean command(byte[] b, int from, int to) {
        if (to - from > 48 || to == from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (!(identPart(c) || " -./$[]'\"=:,|".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean assigns(String op) {
        return op.length() >= 1 && op.charAt(op.length() - 1) == '=' && !op.equals("==") && !op.equals("===")
                && !op.equals("!=") && !op.equals("!==") && !op.equals("<=") && !op.equals(">=")
                || op.startsWith("=") && !op.startsWith("==") && !op.startsWith("=>");
    }

    /** Whether an operator run is possible: a binary operator after an operand, then prefix operators. */
    private static boolean operator(String op, boolean afterOperand) {
        int i = 0;
        if (afterOperand) {
            int best = 0;
            for (int n = Math.min(op.length(), 3); n > 0; n--) {
                if (BINARY.contains(op.substring(0, n))) {
                    best = n;
                    break;
                }
            }
            if (best == 0) {
                return false;
            }
            i = best;
        }
        for (; i < op.length(); i++) {
            if ("!-+~@&".indexOf(op.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyword(byte[] b, int from, int to) {
        for (String kw : PHP_KEYWORDS) {
            if (kw.length() == to - from && Markup.matches(b, from, to, kw)) {
                return true;
            }
        }
        return false;
    }

    /** The last byte before {@code k} that is not whitespace, or -1. */
    private static int prevCode(byte[] b, int start, int k) {
        for (int i = k - 1; i >= start; i--) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                return b[i];
            }
        }
        return -1;
    }

    /** The index just after {@code a b} from {@code k}, or -1 when it is not within {@code limit}. */
    private static int skipTo(byte[] b, int k, int limit, char a, char c) {
        for (; k + 1 < limit; k++) {
            if (b[k] == a && b[k + 1] == c) {
                return k + 2;
            }
        }
        return -1;
    }

    private static int closeQuote(byte[] b, int k, int limit, byte q) {
        for (; k < limit; k++) {
            if (b[k] == '\\') {
                k++;
            } else if (b[k] == q) {
                return k;
            }
        }
        return -1;
    }

    private static boolean identStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean identPart(int c) {
        return identStart(c) || c >= '0' && c <= '9';
    }

    /**
     * Feeds a decompressed stream through {@link #find} in pieces without holding it whole: the
     * last {@link #SPAN} bytes of each piece are kept so a block split across pieces is seen.
     */
    static final class Sink {
        private final byte[] w;
        private final boolean markup;
        private int n;
        private String code;
        private String script;

        /** {@code markup}: also look for HTML markup ({@link Markup#scriptAnywhere}), for text streams. */
        Sink(int capacity, boolean markup) {
            this.w = new byte[capacity + SPAN];
            this.markup = markup;
        }

        void write(byte[] src, int off, int len) {
            while (len > 0) {
                int k = Math.min(len, w.length - n);
                System.arraycopy(src, off, w, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == w.length) {
                    look(n - SPAN, n);
                    System.arraycopy(w, n - SPAN, w, 0, SPAN);
                    n = SPAN;
                }
            }
        }

        /** Looks at what is left; call once at the end of the stream. */
        void finish() {
            look(n, n);
            n = 0;
        }

        /** Openers in {@code [0, to)}; the rest is kept for the next piece unless this is the end. */
        private void look(int to, int end) {
            int upTo = to == end ? end : to;
            if (code == null) {
                code = find(w, 0, upTo, end);
            }
            if (markup && script == null) {
                script = Markup.scriptAnywhere(w, 0, Math.min(end, upTo + 16));
            }
        }

        /** Forgets everything, for the next stream. */
        void reset() {
            n = 0;
            code = null;
            script = null;
        }

        String code() {
            return code;
        }

        String script() {
            return script;
        }
    }
}

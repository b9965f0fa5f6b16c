package io.portcullis.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict streaming {@code multipart/form-data} reader (RFC 7578, RFC 2046 §5.1) with a fixed
 * 64 KiB buffer: bodies go straight to an {@link OutputStream} under a byte cap, header blocks
 * are capped, and {@code Content-Disposition} is parsed exactly once, refusing every form that
 * parsers read differently ({@code filename*}, duplicated or odd-case parameters, RFC 2047
 * encoded words, backslash escapes).
 */
final class MultipartReader {

    /** A refusal with its reason. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final Reason reason;

        Failure(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** One part's headers: lower-case names → values, and the parsed disposition. */
    record Head(Map<String, List<String>> headers, String name, String filename, boolean isFile, String contentType) {
    }

    private final InputStream in;
    private final String otherEncoding;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;

    /** Reads {@code boundary}-delimited parts whose headers are UTF-8. */
    MultipartReader(InputStream in, String boundary) {
        this(in, boundary, null);
    }

    /**
     * As above; with a non-null {@code otherEncoding} (the request's declared non-UTF-8 encoding) part headers
     * must be ASCII, since some parsers would decode other bytes with that encoding.
     */
    MultipartReader(InputStream in, String boundary, String otherEncoding) {
        this.in = in;
        this.otherEncoding = otherEncoding;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[64 * 1024];
    }

    /**
     * The boundary parameter of a multipart {@code Content-Type}, read with the strict parameter
     * grammar and validated (RFC 2046 §5.1.1).
     */
    static String boundary(String contentType) throws Failure {
        return boundary(HeaderValue.parse(contentType, "the request's Content-Type"));
    }

    /** The validated boundary parameter of an already parsed {@code Content-Type}. */
    static String boundary(HeaderValue contentType) throws Failure {
        String boundary = contentType.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new Failure(Reason.MULTIPART_MALFORMED, "the multipart boundary is missing or longer than 70 characters");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0)
                    || (c == ' ' && i == boundary.length() - 1)) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "the multipart boundary has invalid characters");
            }
        }
        return boundary;
    }

    /**
     * Reads the first delimiter, which must open the body: a preamble is refused, because parsers
     * look for the first boundary in it differently (commons-fileupload and Tomcat find
     * {@code --boundary} anywhere, others only at the start of a line).
     */
    void start() throws IOException, Failure {
        byte[] first = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        pos = lim = 0;
        while (lim < first.length) {
            if (!fill()) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "the body ends before the first boundary");
            }
        }
        for (int i = 0; i < first.length; i++) {
            if (buf[i] != first[i]) {
                throw new Failure(Reason.MULTIPART_AMBIGUOUS, "the body does not start with its boundary"
                        + " (a preamble is not accepted)");
            }
        }
        pos = first.length;
    }

    /**
     * After the closing delimiter: accepts only line ends and whitespace up to the end of the body
     * (at most {@code max} bytes), since parsers disagree on what an epilogue may still open.
     */
    void finish(int max) throws IOException, Failure {
        int seen = 0;
        while (true) {
            for (; pos < lim; pos++, seen++) {
                byte b = buf[pos];
                if (seen >= max || b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                    throw new Failure(Reason.MULTIPART_AMBIGUOUS, "data follows the closing boundary");
                }
            }
            if (!fill()) {
                return;
            }
        }
    }

    /**
     * After a delimiter: true when another part follows, false at the closing delimiter.
     */
    boolean next() throws IOException, Failure {
        ensure(2);
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return false;
        }
        int pad = 0;
        while (true) {
            ensure(1);
            if ((buf[pos] == ' ' || buf[pos] == '\t') && pad++ < 64) {
                pos++;
            } else {
                break;
            }
        }
        ensure(2);
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new Failure(Reason.MULTIPART_MALFORMED, "the multipart boundary line does not end with CRLF");
        }
        pos += 2;
        return true;
    }

    /** Reads one part's header block (at most {@code max} bytes including line ends). */
    Head head(int max) throws IOException, Failure {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int used = 0;
        while (true) {
            int eol = -1;
            while (true) {
                for (int i = pos; i + 1 < lim; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n') {
                        eol = i;
                        break;
                    }
                }
                if (eol >= 0) {
                    break;
                }
                if (lim - pos + used > max) {
                    throw new Failure(Reason.PART_HEADER_TOO_LARGE, "a part's headers are longer than " + max + " bytes");
                }
                if (!fill()) {
                    throw new Failure(Reason.MULTIPART_MALFORMED, "the body ends inside part headers");
                }
            }
            int len = eol - pos;
            used += len + 2;
            if (used > max) {
                throw new Failure(Reason.PART_HEADER_TOO_LARGE, "a part's headers are longer than " + max + " bytes");
            }
            if (len == 0) {
                pos = eol + 2;
                break;
            }
            if (otherEncoding != null) {
                for (int i = pos; i < eol; i++) {
                    if (buf[i] < 0) {
                        throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part header has non-ASCII bytes while the"
                                + " request's character encoding is " + otherEncoding + " (Tomcat and commons-fileupload"
                                + " decode part headers with it, Jetty as UTF-8)");
                    }
                }
            }
            String line = utf8(buf, pos, len);
            pos = eol + 2;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < ' ' && c != '\t' || c == 0x7f) {
                    throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part header contains a control character"
                            + " (a lone CR or LF is a line end to some parsers)");
                }
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "folded part headers are not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "a part header has no name");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new Failure(Reason.MULTIPART_MALFORMED, "a part header name is not a token");
                }
            }
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        List<String> cd = headers.getOrDefault("content-disposition", List.of());
        if (cd.size() != 1) {
            throw new Failure(cd.isEmpty() ? Reason.MULTIPART_MALFORMED : Reason.FILENAME_AMBIGUOUS,
                    cd.isEmpty() ? "a part has no Content-Disposition" : "a part has two Content-Disposition headers");
        }
        List<String> ct = headers.getOrDefault("content-type", List.of());
        if (ct.size() > 1) {
            throw new Failure(Reason.MULTIPART_MALFORMED, "a part has two Content-Type headers");
        }
        if (!ct.isEmpty() && ct.get(0).toLowerCase(Locale.ROOT).contains("multipart")) {
            throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part is itself multipart (commons-fileupload and Tomcat"
                    + " read the files nested in it; nothing else does)");
        }
        List<String> cte = headers.getOrDefault("content-transfer-encoding", List.of());
        for (String e : cte) {
            String v = e.toLowerCase(Locale.ROOT);
            if (!v.equals("binary") && !v.equals("8bit") && !v.equals("7bit")) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "Content-Transfer-Encoding " + e + " is not accepted");
            }
        }
        Disposition disposition = disposition(cd.get(0));
        return new Head(headers, disposition.name(), disposition.filename(), disposition.isFile(),
                ct.isEmpty() ? null : ct.get(0));
    }

    /**
     * Reads {@code form-data; name="x"; filename="y"} once, strictly (RFC 7578 §4.2 with the
     * RFC 9110 §5.6.6 parameter grammar, see {@link HeaderValue}).
     */
    static Disposition disposition(String header) throws Failure {
        HeaderValue h = HeaderValue.parse(header, "a part's Content-Disposition");
        if (!h.value().equals("form-data")) {
            throw new Failure(Reason.MULTIPART_MALFORMED, "a part's Content-Disposition is not form-data");
        }
        for (String param : h.parameters().keySet()) {
            if (param.endsWith("*")) {
                throw new Failure(Reason.FILENAME_AMBIGUOUS, "Content-Disposition " + param
                        + " (RFC 5987 encoding) must not be used in multipart/form-data (RFC 7578 §4.2)");
            }
        }
        for (String param : List.of("name", "filename")) {
            if (h.otherCase().contains(param)) {
                throw new Failure(Reason.FILENAME_AMBIGUOUS, "Content-Disposition parameter " + param
                        + " is not sent in lower case");
            }
        }
        String name = h.parameter("name");
        String filename = h.parameter("filename");
        if (name == null) {
            throw new Failure(Reason.MULTIPART_MALFORMED, "a part's Content-Disposition has no name");
        }
        if (name.isEmpty()) {
            throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part's name is empty (commons-fileupload drops such parts)");
        }
        for (String v : new String[] {name, filename}) {
            if (v != null && (!v.equals(v.strip()) || v.indexOf('\t') >= 0)) {
                // Tomcat, Jetty and commons-fileupload trim quoted values, Jetty turns a tab into a space:
                // the application would see another name.
                throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part's name or filename has a tab or starts or ends"
                        + " with whitespace");
            }
        }
        // Tomcat and commons-fileupload decode RFC 2047 words in every parameter (name="=?UTF-8?B?YXZhdGFy?=" is
        // field "avatar" to them), Jetty and Spring on Jetty do not.
        if (encodedWord(name) || encodedWord(filename)) {
            throw new Failure(Reason.FILENAME_AMBIGUOUS, "a part's " + (encodedWord(name) ? "name" : "filename")
                    + " is an RFC 2047 encoded word");
        }
        return new Disposition(name, filename);
    }

    private static boolean encodedWord(String value) {
        return value != null && value.contains("=?") && value.contains("?=");
    }

    /**
     * A part's identity as checked: the field {@code name} and, for a file, its {@code filename}.
     * {@link #header()} is the canonical {@code Content-Disposition} the application is shown.
     */
    record Disposition(String name, String filename) {

        boolean isFile() {
            return filename != null;
        }

        /** {@code form-data; name="…"[; filename="…"]}: one reading for every framework. */
        String header() {
            return header(name, filename);
        }

        static String header(String name, String filename) {
            return "form-data; name=\"" + name + "\"" + (filename == null ? "" : "; filename=\"" + filename + "\"");
        }
    }

    /**
     * Copies the part body to {@code out} up to the next delimiter (consumed).
     *
     * @return bytes copied
     * @throws Failure with {@code tooLarge} when more than {@code max} bytes come before the delimiter
     */
    long body(OutputStream out, long max, Reason tooLarge) throws IOException, Failure {
        long total = 0;
        int keep = delimiter.length - 1;
        while (true) {
            int idx = indexOf(delimiter, pos, lim);
            int emitEnd = idx >= 0 ? idx : Math.max(pos, lim - keep);
            if (dashBoundaryBefore(pos, emitEnd)) {
                // After a lone LF or CR, or anywhere: some parsers (Jetty) take it for a delimiter.
                throw new Failure(Reason.MULTIPART_AMBIGUOUS, "a part's content contains the boundary");
            }
            int n = emitEnd - pos;
            if (n > 0) {
                if (total + n > max) {
                    throw new Failure(tooLarge, "a part is larger than " + max + " bytes");
                }
                out.write(buf, pos, n);
                total += n;
                pos = emitEnd;
            }
            if (idx >= 0) {
                pos = idx + delimiter.length;
                return total;
            }
            if (!fill()) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "the body ends before the closing boundary");
            }
        }
    }

    /** True when {@code --boundary} starts anywhere in [from, to) (the buffer holds all of it, see body). */
    private boolean dashBoundaryBefore(int from, int to) {
        outer:
        for (int i = from; i < to && i + delimiter.length - 2 <= lim; i++) {
            for (int k = 2; k < delimiter.length; k++) {
                if (buf[i + k - 2] != delimiter[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int indexOf(byte[] d, int from, int to) {
        outer:
        for (int i = from; i <= to - d.length; i++) {
            if (buf[i] != d[0]) {
                continue;
            }
            for (int k = 1; k < d.length; k++) {
                if (buf[i + k] != d[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void ensure(int n) throws IOException, Failure {
        while (lim - pos < n) {
            if (!fill()) {
                throw new Failure(Reason.MULTIPART_MALFORMED, "the body ends after a boundary");
            }
        }
    }

    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            return true;
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
            return false;
        }
        lim += r;
        return true;
    }

    private static String utf8(byte[] b, int off, int len) throws Failure {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new Failure(Reason.MULTIPART_MALFORMED, "a part header is not valid UTF-8");
        }
    }
}

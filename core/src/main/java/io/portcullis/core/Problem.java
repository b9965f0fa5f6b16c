package io.portcullis.core;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An RFC 9457 {@code application/problem+json} answer carrying a stable machine-readable
 * reason {@code code}. Immutable; {@link #write} sends it. Never carries a stack trace.
 *
 * <pre>{@code
 * Problem.of(415, "TYPE_MISMATCH", "Upload refused")
 *        .detail("photo.jpg is text/x-php")
 *        .with("reasons", List.of("TYPE_MISMATCH"))
 *        .write(response);
 * }</pre>
 */
public final class Problem {

    /** The media type of the body, RFC 9457 §3. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final Map<String, Object> extensions;

    private Problem(int status, String code, String title, String detail, Map<String, Object> extensions) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.extensions = extensions;
    }

    /** A problem with an HTTP status, a stable reason code (e.g. {@code HOST_NOT_ALLOWED}) and a short title. */
    public static Problem of(int status, String code, String title) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in [400, 599]; got " + status);
        }
        return new Problem(status, code, title, null, Map.of());
    }

    /** A copy with a human-readable explanation of this occurrence. */
    public Problem detail(String text) {
        return new Problem(status, code, title, text, extensions);
    }

    /** A copy with an extension member whose value is a string, a number, a boolean or a list of those. */
    public Problem with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(status, code, title, detail, Map.copyOf(copy));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON body: {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}, then extensions. */
    public String toJson() {
        StringBuilder out = new StringBuilder(128).append('{');
        member(out, "type", "urn:portcullis:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        out.append(',');
        member(out, "title", title);
        out.append(",\"status\":").append(status);
        if (detail != null) {
            out.append(',');
            member(out, "detail", detail);
        }
        out.append(',');
        member(out, "code", code);
        new java.util.TreeMap<>(extensions).forEach((name, value) -> {
            out.append(',');
            member(out, name, value);
        });
        return out.append('}').toString();
    }

    /**
     * Sends this problem unless the response is already committed: resets the buffer, sets the
     * status, {@code Content-Type: application/problem+json} and {@code Cache-Control: no-store}.
     *
     * @return whether it was written
     */
    public boolean write(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = toJson().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
        return true;
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static void member(StringBuilder out, String name, Object value) {
        string(out, name);
        out.append(':');
        value(out, value);
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    /** Appends {@code s} as a JSON string (RFC 8259 §7). */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == '<' || c == '>') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

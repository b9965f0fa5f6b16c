package io.portcullis.filters;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Set-Cookie} line, parsed the way browsers parse it (RFC 6265 §5.2): the text up to
 * the first {@code ;} is the name-value pair, every further {@code ;}-separated part is an
 * attribute whose name is case-insensitive. Quotes do not protect a {@code ;} (a browser splits
 * there too) and commas are not separators, so {@code Expires=Wed, 21 Oct 2015 07:28:00 GMT}
 * stays one attribute. Attributes keep their order and spelling; duplicates are kept (the
 * browser uses the last one) until a rule replaces them.
 */
final class SetCookie {

    /** An IMF-fixdate (RFC 9110 §5.6.7), as the containers write {@code Expires} and any date header. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** An attribute; {@code value} is null for a flag such as {@code Secure}. */
    record Attribute(String name, String value) {
        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        @Override
        public String toString() {
            return value == null ? name : name + "=" + value;
        }
    }

    final String name;
    final String value;
    final List<Attribute> attributes;

    SetCookie(String name, String value, List<Attribute> attributes) {
        this.name = name;
        this.value = value;
        this.attributes = List.copyOf(attributes);
    }

    /** Parses one Set-Cookie field value. Never fails: odd input keeps its text. */
    static SetCookie parse(String header) {
        String[] parts = header.split(";", -1);
        String pair = parts[0];
        int eq = pair.indexOf('=');
        String name = eq < 0 ? "" : pair.substring(0, eq).trim();
        String value = eq < 0 ? pair.trim() : pair.substring(eq + 1).trim();
        List<Attribute> attrs = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.trim().isEmpty()) {
                continue; // RFC 6265 §5.2: an empty cookie-av is skipped (trim() also drops NUL and other CTLs)
            }
            int e = part.indexOf('=');
            if (e < 0) {
                attrs.add(new Attribute(part.trim(), null));
            } else {
                attrs.add(new Attribute(part.substring(0, e).trim(), part.substring(e + 1).trim()));
            }
        }
        return new SetCookie(name, value, attrs);
    }

    /**
     * The Set-Cookie line for a {@link Cookie} (Servlet 6 attributes included), serialized here
     * so Jetty and Tomcat send the same bytes.
     *
     * @throws IllegalArgumentException when the value or an attribute contains a character
     *                                  that would split the header (CTL, {@code ;}) or
     *                                  is not ASCII (RFC 6265 §4.1.1 cookie-octet)
     */
    static SetCookie of(Cookie cookie) {
        return new SetCookie(cookie.getName(), valueOf(cookie), attributesOf(cookie));
    }

    /** The checked value of a {@link Cookie} ("" for null); see {@link #of}. */
    static String valueOf(Cookie cookie) {
        String value = cookie.getValue() == null ? "" : cookie.getValue();
        int bad = invalid(value, true);
        if (bad >= 0) {
            throw invalidCharacter("value of cookie " + cookie.getName(), bad);
        }
        return value;
    }

    /** The attributes of a {@link Cookie} in a new mutable list, checked; see {@link #of}. */
    static List<Attribute> attributesOf(Cookie cookie) {
        Map<String, String> map = cookie.getAttributes();
        List<Attribute> attrs = new ArrayList<>(map.size() + 4);
        if (map.isEmpty()) {
            return attrs;
        }
        for (Map.Entry<String, String> a : map.entrySet()) {
            String n = a.getKey();
            String v = a.getValue();
            int bad = v == null ? -1 : invalid(v, false);
            if (bad >= 0) {
                throw invalidCharacter("attribute " + n + " of cookie " + cookie.getName(), bad);
            }
            if (n.equalsIgnoreCase("Max-Age")) {
                int maxAge = Integer.parseInt(v);
                if (maxAge >= 0) {
                    attrs.add(new Attribute("Max-Age", v));
                    Instant expires = maxAge == 0 ? Instant.ofEpochSecond(10) : Instant.now().plusSeconds(maxAge);
                    attrs.add(new Attribute("Expires", HTTP_DATE.format(expires)));
                }
            } else if (n.equalsIgnoreCase("Secure") || n.equalsIgnoreCase("HttpOnly")) {
                if ("true".equalsIgnoreCase(v)) {
                    attrs.add(new Attribute(n.equalsIgnoreCase("Secure") ? "Secure" : "HttpOnly", null));
                }
            } else if (v == null || v.isEmpty()) {
                attrs.add(new Attribute(n, null));
            } else {
                attrs.add(new Attribute(n, v));
            }
        }
        return attrs;
    }

    /** The first character that would split the header or is not ASCII (RFC 6265 §4.1.1), or -1. */
    private static int invalid(String s, boolean value) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == ';' || value && (c == ',' || c == ' ' || c == '\\')) {
                return c;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalidCharacter(String what, int c) {
        return new IllegalArgumentException("The " + what + " contains an invalid character "
                + String.format("0x%02x", c));
    }

    /** The last value of an attribute (the browser's choice), or null; a flag gives "". */
    String last(String attribute) {
        String out = null;
        for (Attribute a : attributes) {
            if (a.is(attribute)) {
                out = a.value == null ? "" : a.value;
            }
        }
        return out;
    }

    boolean has(String attribute) {
        return last(attribute) != null;
    }

    /** A copy without any attribute of that name. */
    SetCookie without(String attribute) {
        List<Attribute> out = new ArrayList<>(attributes);
        out.removeIf(a -> a.is(attribute));
        return new SetCookie(name, value, out);
    }

    /** A copy with one more attribute at the end. */
    SetCookie with(String attribute, String attributeValue) {
        List<Attribute> out = new ArrayList<>(attributes);
        out.add(new Attribute(attribute, attributeValue));
        return new SetCookie(name, value, out);
    }

    /** The header value. */
    @Override
    public String toString() {
        return format(name, value, attributes);
    }

    /** {@code name=value; attr; attr=value…} ({@code value} alone when the name is empty and the value has no {@code =}). */
    static String format(String name, String value, List<Attribute> attributes) {
        int size = name.length() + value.length() + 1;
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            size += 3 + a.name.length() + (a.value == null ? 0 : a.value.length());
        }
        StringBuilder b = new StringBuilder(size);
        if (!name.isEmpty() || value.indexOf('=') >= 0) {
            b.append(name).append('='); // a nameless "=a=b" must not come back as the cookie "a"
        }
        b.append(value);
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            b.append("; ").append(a.name);
            if (a.value != null) {
                b.append('=').append(a.value);
            }
        }
        return b.toString();
    }
}

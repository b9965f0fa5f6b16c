package io.portcullis.filters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 7239 {@code Forwarded} parser. Elements are separated by commas (one per hop, oldest
 * first), pairs by semicolons; values are tokens or quoted strings (§4). Parameter names are
 * case-insensitive. {@link #elements} parses each element on its own (what the resolver walks,
 * right to left); {@link #parse} is the strict reading of a whole header, null when any part is
 * malformed.
 */
final class ForwardedHeader {

    private ForwardedHeader() {
    }

    /** The elements of every given field value in order, or null when any is malformed. */
    static List<Map<String, String>> parse(List<String> fieldValues) {
        List<Map<String, String>> out = elements(fieldValues);
        return out.contains(null) ? null : Collections.unmodifiableList(out);
    }

    /**
     * Every element of every field value in order, each parsed on its own: a malformed element is
     * {@code null} in the list and does not void the others. A proxy that appends its element (or
     * its own field) after what the client sent must not lose it to a client's malformed prefix,
     * which the right-to-left walk would have skipped anyway.
     */
    static List<Map<String, String>> elements(List<String> fieldValues) {
        List<Map<String, String>> out = new ArrayList<>();
        List<Map<String, String>> one = new ArrayList<>(1);
        for (String v : fieldValues) {
            int n = v.length();
            int start = 0;
            int firstQuote = -1;
            boolean quoted = false;
            int i = 0;
            while (i <= n) {
                if (i == n && quoted) {
                    // a quote the field never closes (a client's, typically) would swallow what a proxy
                    // appended: that element ends at the first comma after its first quote, and the rest
                    // is read again
                    int comma = v.indexOf(',', firstQuote);
                    out.add(null);
                    if (comma < 0) {
                        break;
                    }
                    start = comma + 1;
                    i = start;
                    firstQuote = -1;
                    quoted = false;
                    continue;
                }
                char c = i == n ? ',' : v.charAt(i);
                if (quoted && c == '\\') {
                    i = Math.min(i + 2, n); // an escape at the very end leaves the quote open
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                    if (firstQuote < 0) {
                        firstQuote = i;
                    }
                } else if (c == ',' && !quoted) {
                    one.clear();
                    out.add(parseOne(v.substring(start, i), one) && one.size() == 1 ? one.get(0) : null);
                    start = i + 1;
                    firstQuote = -1;
                }
                i++;
            }
        }
        return out;
    }

    private static boolean parseOne(String s, List<Map<String, String>> out) {
        int i = 0;
        int n = s.length();
        Map<String, String> element = new LinkedHashMap<>();
        while (true) {
            i = skipSpace(s, i);
            int nameStart = i;
            while (i < n && isTchar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                return false;
            }
            String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
            if (i >= n || s.charAt(i) != '=') {
                return false;
            }
            i++;
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        b.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                        return false;
                    } else {
                        b.append(c);
                    }
                }
                if (!closed) {
                    return false;
                }
                value = b.toString();
            } else {
                int vs = i;
                while (i < n && isTchar(s.charAt(i))) {
                    i++;
                }
                if (i == vs) {
                    return false;
                }
                value = s.substring(vs, i);
            }
            if (element.containsKey(name)) {
                return false; // §4: each parameter MUST NOT occur more than once per element
            }
            element.put(name, value);
            i = skipSpace(s, i);
            if (i >= n) {
                out.add(Collections.unmodifiableMap(element));
                return true;
            }
            char sep = s.charAt(i++);
            if (sep == ',') {
                out.add(Collections.unmodifiableMap(element));
                element = new LinkedHashMap<>();
            } else if (sep != ';') {
                return false;
            }
        }
    }

    /** The address of a {@code for}/{@code by} node (§6): strips brackets and port; null for unknown/obfuscated. */
    static String nodeAddress(String node) {
        if (node == null) {
            return null;
        }
        String n = node.trim();
        if (n.startsWith("[")) {
            int close = n.indexOf(']');
            return close < 0 ? null : n.substring(1, close);
        }
        int colon = n.indexOf(':');
        if (colon >= 0 && n.indexOf(':', colon + 1) < 0) {
            n = n.substring(0, colon);
        }
        return Cidr.literal(n) == null ? null : n;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~:[]".indexOf(c) >= 0;
    }
}

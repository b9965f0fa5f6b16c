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
 * case-insensitive. A malformed header yields {@code null} so the caller can ignore all of it
 * rather than trust a part.
 */
final class ForwardedHeader {

    private ForwardedHeader() {
    }

    /** The elements of every given field value in order, or null when any is malformed. */
    static List<Map<String, String>> parse(List<String> fieldValues) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String value : fieldValues) {
            if (!parseOne(value, out)) {
                return null;
            }
        }
        return Collections.unmodifiableList(out);
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

package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the per-protection policies share: the key table builder and the one message shape. */
final class Policies {

    private Policies() {
    }

    /** An ordered, unmodifiable key → default table from {@code key, default, key, default, …}. */
    static Map<String, String> keys(String... keyDefault) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyDefault.length; i += 2) {
            m.put(keyDefault[i], keyDefault[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code <key> <rule>; got "<value>"}. */
    static ConfigException fail(String key, String rule, String value) {
        return new ConfigException(key + " " + rule + "; got " + ConfigException.quote(value));
    }

    /** An RFC 9110 §5.6.2 token, or the standard failure naming {@code key}. */
    static void checkToken(String key, String name) {
        if (!isToken(name)) {
            throw fail(key, "entries must be tokens (RFC 9110 §5.6.2)", name);
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String offToNull(String v) {
        return v == null || v.equals("off") ? null : v;
    }
}

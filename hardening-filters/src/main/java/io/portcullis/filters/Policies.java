package io.portcullis.filters;

import io.portcullis.core.ConfigException;

/** What the per-protection policies share: the token rule, and the message shape (from core) for checks outside a key. */
final class Policies {

    private Policies() {
    }

    /** {@code <key> <rule>; got "<value>"}. */
    static ConfigException fail(String key, String rule, String value) {
        return ConfigException.badValue(key, rule, value, "code", false);
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
}

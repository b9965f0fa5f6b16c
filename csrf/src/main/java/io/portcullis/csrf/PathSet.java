package io.portcullis.csrf;

import io.portcullis.core.ConfigException;
import java.util.List;

/**
 * Servlet-style path patterns ({@code /exact}, {@code /prefix/*}, {@code *.ext}) matched against
 * the path inside the application (servlet path + path info, as the container routed it).
 */
record PathSet(List<String> patterns) {

    static PathSet of(String key, List<String> patterns) {
        for (String p : patterns) {
            if (!ok(p)) {
                throw ConfigException.badValue(key, RULE, p, "code", false);
            }
        }
        return new PathSet(List.copyOf(patterns));
    }

    static final String RULE = "entries must be /exact, /prefix/* or *.ext";

    /** A key check: refuses the first entry that is not a pattern. */
    static void check(List<String> patterns) {
        for (String p : patterns) {
            if (!ok(p)) {
                throw io.portcullis.core.Key.reject(RULE, p);
            }
        }
    }

    private static boolean ok(String p) {
        return (p.startsWith("/") && (p.indexOf('*') < 0 || (p.endsWith("/*") && p.indexOf('*') == p.length() - 1)))
                || (p.startsWith("*.") && p.length() > 2 && p.indexOf('/') < 0 && p.lastIndexOf('*') == 0);
    }

    boolean matches(String path) {
        for (String p : patterns) {
            if (p.startsWith("*.")) {
                if (path.endsWith(p.substring(1))) {
                    return true;
                }
            } else if (p.endsWith("/*")) {
                String prefix = p.substring(0, p.length() - 2);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(p)) {
                return true;
            }
        }
        return false;
    }
}

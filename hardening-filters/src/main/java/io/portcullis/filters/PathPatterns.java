package io.portcullis.filters;

import java.util.List;

/**
 * Servlet-style path patterns (Servlet 6 §12.2), matched against the path inside the webapp
 * (servlet path + path info, already decoded and normalised by the container):
 * {@code /health} exact, {@code /.well-known/acme-challenge/*} the directory and everything
 * under it (with or without the trailing slash), {@code *.css} by extension.
 */
final class PathPatterns {

    private final List<String> patterns;

    private PathPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    static final String RULE = "entries must be /exact/path, /prefix/* or *.extension";

    static PathPatterns of(String key, List<String> patterns) {
        for (String p : patterns) {
            if (!ok(p)) {
                throw Policies.fail(key, RULE, p);
            }
        }
        return new PathPatterns(patterns);
    }

    /** A key check: refuses the first pattern that is not {@code /exact}, {@code /prefix/*} or {@code *.ext}. */
    static void check(List<String> patterns) {
        for (String p : patterns) {
            if (!ok(p)) {
                throw io.portcullis.core.Key.reject(RULE, p);
            }
        }
    }

    private static boolean ok(String p) {
        return p.startsWith("/") && (p.indexOf('*') < 0 || p.endsWith("/*") && p.indexOf('*') == p.length() - 1)
                || p.startsWith("*.") && p.length() > 2 && p.indexOf('*', 1) < 0 && p.indexOf('/') < 0;
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    boolean matches(String path) {
        for (String p : patterns) {
            if (p.endsWith("/*")) {
                String dir = p.substring(0, p.length() - 2);
                if (path.equals(dir) || path.startsWith(dir + "/")) {
                    return true;
                }
            } else if (p.startsWith("*.")) {
                int slash = path.lastIndexOf('/');
                if (path.substring(slash + 1).endsWith(p.substring(1))) {
                    return true;
                }
            } else if (path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}

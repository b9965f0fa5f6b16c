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
            boolean ok = (p.startsWith("/") && (p.indexOf('*') < 0 || (p.endsWith("/*") && p.indexOf('*') == p.length() - 1)))
                    || (p.startsWith("*.") && p.length() > 2 && p.indexOf('/') < 0 && p.lastIndexOf('*') == 0);
            if (!ok) {
                throw new ConfigException(key + " entries must be /exact, /prefix/* or *.ext; got " + ConfigException.quote(p));
            }
        }
        return new PathSet(List.copyOf(patterns));
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

package io.portcullis.boot;

import io.portcullis.core.ConfigException;

/**
 * A Portcullis configuration problem found while a Spring Boot application starts: the library's
 * {@link ConfigException} plus where Spring read the key from, for
 * {@link PortcullisFailureAnalyzer}.
 */
final class PortcullisStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient EnvironmentKeys keys;

    PortcullisStartupException(ConfigException cause, EnvironmentKeys keys) {
        super(cause.getMessage(), cause);
        this.keys = keys;
    }

    /** Where Spring read the key the message is about, when the message names a key Spring has. */
    String origin() {
        if (keys == null) {
            return null;
        }
        String message = getMessage();
        String best = null;
        for (String key : keys.keys()) {
            int at = message.indexOf(key);
            if (at >= 0 && (best == null || at < message.indexOf(best))) {
                best = key;
            }
        }
        if (best == null) {
            return null;
        }
        String key = best;
        return keys.origin(key).map(o -> key + ": " + o).orElse(null);
    }
}

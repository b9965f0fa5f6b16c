package io.portcullis.boot;

import io.portcullis.core.ConfigException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a Portcullis configuration error into Spring Boot's "APPLICATION FAILED TO START" report:
 * the library's one-line message (key, quoted value, what is allowed, did-you-mean) as the
 * description, with where Spring read the key from, instead of a stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class PortcullisFailureAnalyzer implements FailureAnalyzer {

    /** For Spring's factories loader. */
    public PortcullisFailureAnalyzer() {
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        PortcullisStartupException startup = find(failure, PortcullisStartupException.class);
        ConfigException config = find(failure, ConfigException.class);
        if (startup == null && config == null) {
            return null;
        }
        String message = startup != null ? startup.getMessage() : config.getMessage();
        String origin = startup != null ? startup.origin() : null;
        String description = "Portcullis configuration: " + message + (origin == null ? "" : "\n\nOrigin of " + origin);
        String action = "Correct the portcullis.* key in application.properties or application.yaml (every key, "
                + "its default and its allowed values: docs/spring-boot.md and the IDE's completion).";
        return new FailureAnalysis(description, action, startup != null ? startup : config);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package io.portcullis.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One route an application answers: a method, a path pattern as the framework writes it
 * ({@code /users/{id}}, {@code /files/*}, {@code *.do}) and where it was found, for messages.
 */
public record Route(String method, String pattern, String source) {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    public Route {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(source, "source");
    }

    /** {@code "GET /users/{id}"}: how the public list and the examples name a route. */
    public String key() {
        return method + " " + pattern;
    }

    /** Whether the method changes state by HTTP's definition (all but GET, HEAD, OPTIONS, TRACE). */
    public boolean unsafe() {
        return !SAFE.contains(method);
    }

    /** Whether a concrete path cannot be derived without an example (path variables, wildcards inside). */
    boolean needsExample() {
        return pattern.contains("{") || pattern.startsWith("*.") || pattern.contains("**")
                || pattern.replace("/*", "").contains("*");
    }

    @Override
    public String toString() {
        return key() + " (" + source + ")";
    }
}

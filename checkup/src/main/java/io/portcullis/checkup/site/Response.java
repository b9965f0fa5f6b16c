package io.portcullis.checkup.site;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a server answered: status, headers (names case-insensitive, every field kept) and the
 * start of the body (decoded as UTF-8, capped at {@value #BODY_LIMIT} bytes: enough to spot a
 * stack trace, never the whole site).
 *
 * @param uri     the URI asked for
 * @param status  HTTP status code
 * @param headers header fields by name, in arrival order
 * @param body    the start of the body
 */
record Response(URI uri, int status, Map<String, List<String>> headers, String body) {

    static final int BODY_LIMIT = 256 * 1024;

    Response {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        headers = Collections.unmodifiableMap(copy);
    }

    List<String> all(String name) {
        return headers.getOrDefault(name, List.of());
    }

    Optional<String> first(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    boolean isRedirect() {
        return status >= 300 && status < 400 && first("Location").isPresent();
    }

    /** The Location resolved against the request URI, when there is a parsable one. */
    Optional<URI> location() {
        return first("Location").flatMap(l -> {
            try {
                return Optional.of(uri.resolve(l.trim()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    boolean isHtml() {
        return first("Content-Type").map(t -> t.toLowerCase().contains("html")).orElse(false);
    }
}

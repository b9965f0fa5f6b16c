package io.portcullis.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the demo's route table: a method, a path pattern, an explicit
 * {@link Protection} decision and the handler. Path segments written {@code {name}} match one
 * segment of letters, digits, {@code -}, {@code _} or {@code .}. The constructor refuses a
 * missing protection, so a route without a decision cannot be registered.
 */
public record Route(HttpMethod method, String path, Protection protection, boolean acceptsFiles, Handler handler) {

    private static final Pattern PARAM = Pattern.compile("\\{[a-z]+}");
    private static final Pattern SEGMENT_VALUE = Pattern.compile("[A-Za-z0-9._~-]{1,200}");

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(protection, () -> "route " + method + " " + path + " has no protection decision");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /; got \"" + path + "\"");
        }
        for (String segment : segments(path)) {
            if (segment.contains("{") && !PARAM.matcher(segment).matches()) {
                throw new IllegalArgumentException("route path segment must be literal or {name}; got \"" + path + "\"");
            }
        }
    }

    /** The path parameter names, in order ({@code /files/{id}} gives {@code [id]}). */
    public List<String> parameters() {
        List<String> names = new ArrayList<>();
        for (String segment : segments(path)) {
            if (segment.startsWith("{")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** The concrete path with each parameter replaced from {@code values} (used by tests and links). */
    public String expand(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (String segment : segments(path)) {
            out.append('/');
            if (segment.startsWith("{")) {
                String name = segment.substring(1, segment.length() - 1);
                out.append(Objects.requireNonNull(values.get(name), name));
            } else {
                out.append(segment);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Matches a decoded request path; returns the parameters, or {@code null} when it does not match. */
    Map<String, String> match(String requestPath) {
        List<String> want = segments(path);
        List<String> got = segments(requestPath);
        if (want.size() != got.size()) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String g = got.get(i);
            if (w.startsWith("{")) {
                if (!SEGMENT_VALUE.matcher(g).matches()) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 1), g);
            } else if (!w.equals(g)) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (p.length() > 1 && p.endsWith("/")) {
            out.add("");
        }
        return out;
    }

    /** What a route does once access has been decided. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws java.io.IOException, jakarta.servlet.ServletException;
    }
}

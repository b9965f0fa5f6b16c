package io.portcullis.checkup.site;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed Content-Security-Policy (W3C CSP Level 3 §2.2, "parse a serialized CSP"): directive
 * names are ASCII case-insensitive and made of ALPHA / DIGIT / "-"; values are whitespace
 * separated source expressions. The parse is strict the way the Observatory's is (a repeated
 * directive other than {@code report-uri}/{@code report-to} makes the policy invalid, because the
 * browser silently ignores the later one), so a mistake is reported instead of guessed around.
 *
 * <p>Several policies (several headers, or one header with commas: RFC 9110 §5.3 and CSP3 §2.2.2)
 * are all enforced by a browser; here a directive present in more than one policy keeps only the
 * sources common to them, the effect of enforcing both for exact source matches.
 */
final class Csp {

    static final Set<String> DANGEROUSLY_BROAD = Set.of("ftp:", "http:", "https:", "*", "http://*", "http://*.*",
            "https://*", "https://*.*");
    static final Set<String> UNSAFE_INLINE = Set.of("'unsafe-inline'", "data:");
    private static final Set<String> PASSIVE = Set.of("img-src", "media-src");
    private static final Set<String> ALLOWED_DUPLICATES = Set.of("report-uri", "report-to");
    private static final Set<String> META_DISALLOWED = Set.of("frame-ancestors", "report-uri", "sandbox");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x2b\\x2d-\\x3a\\x3c-\\x7e]+");
    private static final int SHORTEST_POLICY = "img-src".length() - 1;

    private final Map<String, Set<String>> directives;
    private final boolean duplicateReportDirectives;

    private Csp(Map<String, Set<String>> directives, boolean duplicateReportDirectives) {
        this.directives = directives;
        this.duplicateReportDirectives = duplicateReportDirectives;
    }

    /** Thrown for a policy that a careful reader must not trust: the message says why. */
    static final class InvalidCspException extends Exception {
        InvalidCspException(String message) {
            super(message);
        }
    }

    /** An empty policy (no header). */
    static Csp none() {
        return new Csp(Map.of(), false);
    }

    /**
     * Parses every header value (each may hold several comma-separated policies).
     *
     * @throws InvalidCspException for an empty or too short policy, a bad directive name, a bad
     *                             character in a value, or a repeated directive
     */
    static Csp parse(List<String> headerValues) throws InvalidCspException {
        return parse(headerValues, false);
    }

    /** Parses {@code <meta http-equiv>} policies: directives a meta tag may not carry are dropped. */
    static Csp parseMeta(List<String> values) throws InvalidCspException {
        return parse(values, true);
    }

    private static Csp parse(List<String> headerValues, boolean meta) throws InvalidCspException {
        List<String> policies = new ArrayList<>();
        for (String value : headerValues) {
            for (String p : value.split(",", -1)) {
                policies.add(p.replaceAll("[\\r\\n]", "").trim());
            }
        }
        Map<String, Set<String>> merged = new LinkedHashMap<>();
        boolean duplicates = false;
        for (String policy : policies) {
            if (policy.length() < SHORTEST_POLICY) {
                throw new InvalidCspException("policy \"" + policy + "\" is empty or too short to mean anything");
            }
            Map<String, Set<String>> one = new LinkedHashMap<>();
            for (String entry : policy.split(";")) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] tokens = trimmed.split("[ \\t\\f]+");
                String name = tokens[0].toLowerCase(Locale.ROOT);
                if (!NAME.matcher(name).matches()) {
                    throw new InvalidCspException("directive name \"" + tokens[0] + "\" is not a CSP directive name");
                }
                if (one.containsKey(name)) {
                    if (ALLOWED_DUPLICATES.contains(name)) {
                        duplicates = true;
                        continue;
                    }
                    throw new InvalidCspException("directive " + name + " is repeated; browsers ignore the second one");
                }
                Set<String> sources = new LinkedHashSet<>();
                for (int i = 1; i < tokens.length; i++) {
                    if (!VALUE.matcher(tokens[i]).matches()) {
                        throw new InvalidCspException("directive " + name + " has a bad source \"" + tokens[i] + "\"");
                    }
                    sources.add(normalise(tokens[i]));
                }
                if (sources.isEmpty() && name.endsWith("-src")) {
                    sources.add("'none'");
                }
                one.put(name, sources);
            }
            if (meta) {
                META_DISALLOWED.forEach(one::remove);
            }
            for (Map.Entry<String, Set<String>> e : one.entrySet()) {
                Set<String> before = merged.get(e.getKey());
                if (before == null) {
                    merged.put(e.getKey(), e.getValue());
                } else {
                    Set<String> common = new LinkedHashSet<>(before);
                    common.retainAll(e.getValue());
                    if (common.isEmpty()) {
                        common.add("'none'");
                    }
                    merged.put(e.getKey(), common);
                }
            }
        }
        return new Csp(merged, duplicates);
    }

    /** Combines a header policy with a meta policy (both are enforced). */
    Csp and(Csp other) {
        Map<String, Set<String>> merged = new LinkedHashMap<>(directives);
        other.directives.forEach((k, v) -> merged.merge(k, v, (a, b) -> {
            Set<String> common = new LinkedHashSet<>(a);
            common.retainAll(b);
            return common.isEmpty() ? Set.of("'none'") : common;
        }));
        return new Csp(merged, duplicateReportDirectives || other.duplicateReportDirectives);
    }

    boolean isEmpty() {
        return directives.isEmpty();
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /** The sources of {@code directive} as written (lower case), or empty when it is absent. */
    Optional<Set<String>> get(String directive) {
        return Optional.ofNullable(directives.get(directive)).map(Collections::unmodifiableSet);
    }

    Map<String, Set<String>> directives() {
        return Collections.unmodifiableMap(directives);
    }

    /** The sources that govern {@code directive}: itself, else {@code default-src}, else everything ({@code *}). */
    Set<String> effective(String directive) {
        Set<String> s = directives.get(directive);
        if (s == null) {
            s = directives.get("default-src");
        }
        return s == null ? Set.of("*") : s;
    }

    /**
     * Script sources as a CSP2+ browser applies them: {@code 'unsafe-inline'} is ignored next to a
     * nonce or hash, and with {@code 'strict-dynamic'} host and scheme sources and {@code 'self'}
     * are ignored too.
     */
    Set<String> effectiveScriptSources() {
        return withNonceRules(effective("script-src"), true);
    }

    private static Set<String> withNonceRules(Set<String> in, boolean strictDynamic) {
        Set<String> out = new LinkedHashSet<>(in);
        if (hasNonceOrHash(out)) {
            out.remove("'unsafe-inline'");
            if (strictDynamic && out.contains("'strict-dynamic'")) {
                out.removeIf(s -> DANGEROUSLY_BROAD.stream().anyMatch(s::startsWith) || s.equals("'self'"));
            }
        }
        return out;
    }

    static boolean hasNonceOrHash(Set<String> sources) {
        return sources.stream().anyMatch(s -> s.startsWith("'nonce-") || s.startsWith("'sha256-")
                || s.startsWith("'sha384-") || s.startsWith("'sha512-"));
    }

    /**
     * The Observatory's CSP result for this policy ({@code src/analyzer/tests/csp.js}), in its
     * order: the first matching rule wins.
     *
     * @param https whether the page was fetched over HTTPS (http: sources only count there)
     */
    Expectation observatory(boolean https) {
        Set<String> script = new LinkedHashSet<>(effective("script-src"));
        Set<String> style = new LinkedHashSet<>(effective("style-src"));
        Set<String> object = effective("object-src");
        for (Set<String> list : List.of(script, style)) {
            if (hasNonceOrHash(list)) {
                list.remove("'unsafe-inline'");
            }
        }
        Expectation result = null;
        if (script.contains("'strict-dynamic'")) {
            if (hasNonceOrHash(script)) {
                script.removeIf(s -> DANGEROUSLY_BROAD.stream().anyMatch(s::startsWith) || s.equals("'self'")
                        || s.equals("'unsafe-inline'"));
            } else {
                result = Expectation.CSP_HEADER_INVALID;
            }
        }
        List<String> active = new ArrayList<>();
        directives.forEach((k, v) -> {
            if (!PASSIVE.contains(k) && !k.equals("script-src")) {
                active.addAll(v);
            }
        });
        active.addAll(script);
        List<String> passive = new ArrayList<>();
        for (String d : PASSIVE) {
            Set<String> v = directives.containsKey(d) ? directives.get(d) : directives.get("default-src");
            if (v != null) {
                passive.addAll(v);
            }
        }
        if (result == null && (script.stream().anyMatch(s -> DANGEROUSLY_BROAD.contains(s) || UNSAFE_INLINE.contains(s))
                || object.stream().anyMatch(DANGEROUSLY_BROAD::contains))) {
            result = Expectation.CSP_UNSAFE_INLINE;
        }
        if (result == null && https && active.stream().anyMatch(Csp::insecureScheme)) {
            result = Expectation.CSP_INSECURE_SCHEME;
        }
        if (result == null && (script.contains("'unsafe-eval'") || style.contains("'unsafe-eval'"))) {
            result = Expectation.CSP_UNSAFE_EVAL;
        }
        if (result == null && https && passive.stream().anyMatch(Csp::insecureScheme)) {
            result = Expectation.CSP_INSECURE_SCHEME_PASSIVE_ONLY;
        }
        if (result == null && style.stream().anyMatch(s -> DANGEROUSLY_BROAD.contains(s) || UNSAFE_INLINE.contains(s))) {
            result = Expectation.CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY;
        }
        if (result == null) {
            Set<String> def = directives.get("default-src");
            result = def != null && def.size() == 1 && def.contains("'none'")
                    ? Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE : Expectation.CSP_NO_UNSAFE;
        }
        if (duplicateReportDirectives && (result == Expectation.CSP_NO_UNSAFE || result == Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE
                || result == Expectation.CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY
                || result == Expectation.CSP_INSECURE_SCHEME_PASSIVE_ONLY)) {
            result = Expectation.CSP_DUPLICATE_DIRECTIVES;
        }
        return result;
    }

    private static boolean insecureScheme(String source) {
        return source.startsWith("http:") || source.startsWith("ftp:");
    }

    /** True when {@code frame-ancestors} is present and not dangerously broad. */
    boolean restrictsFraming() {
        Set<String> fa = directives.get("frame-ancestors");
        return fa != null && fa.stream().noneMatch(DANGEROUSLY_BROAD::contains);
    }

    /**
     * Keywords, schemes and hosts are ASCII case-insensitive (CSP3 §2.3.1); the base64 value of a
     * nonce or hash source is not, so only its prefix is lower-cased.
     */
    static String normalise(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("'nonce-") || lower.startsWith("'sha256-") || lower.startsWith("'sha384-")
                || lower.startsWith("'sha512-")) {
            int dash = lower.indexOf('-') + 1;
            return lower.substring(0, dash) + source.substring(dash);
        }
        return lower;
    }
}

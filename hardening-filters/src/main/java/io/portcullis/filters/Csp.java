package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated Content-Security-Policy (CSP Level 3, W3C) with an optional {@value #NONCE}
 * placeholder that becomes {@code 'nonce-…'} when the request used its nonce and disappears
 * when it did not. Validation is as strict as Helmet's: known directive names only, no
 * duplicates, keywords and nonce/hash sources must be quoted, no {@code ,} (it would start a
 * second policy, CSP3 §2.2) and no control characters, {@code 'none'} alone, and
 * {@code default-src} required unless explicitly waived.
 */
final class Csp {

    /** The placeholder for the per-request nonce source. */
    static final String NONCE = "{nonce}";

    static final Set<String> DIRECTIVES = Set.of(
            "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem",
            "style-src-attr", "img-src", "font-src", "connect-src", "media-src", "object-src", "frame-src",
            "child-src", "worker-src", "manifest-src", "prefetch-src", "fenced-frame-src", "base-uri", "form-action",
            "frame-ancestors", "sandbox", "report-uri", "report-to", "upgrade-insecure-requests",
            "block-all-mixed-content", "require-trusted-types-for", "trusted-types", "webrtc");
    private static final Set<String> NONCE_DIRECTIVES = Set.of(
            "default-src", "script-src", "script-src-elem", "style-src", "style-src-elem");
    private static final Set<String> NO_VALUE = Set.of("upgrade-insecure-requests", "block-all-mixed-content");
    private static final Set<String> KEYWORDS = Set.of(
            "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'",
            "'report-sample'", "'wasm-unsafe-eval'", "'unsafe-allow-redirects'", "'inline-speculation-rules'",
            "'script'", "'allow-duplicates'");
    private static final Pattern QUOTED_SOURCE = Pattern.compile("'(nonce-[A-Za-z0-9+/_=-]+|sha(256|384|512)-[A-Za-z0-9+/_=-]+)'");
    private static final Pattern UNQUOTED_SPECIAL = Pattern.compile(
            "(?i)(self|none|unsafe-inline|unsafe-eval|strict-dynamic|unsafe-hashes|report-sample|wasm-unsafe-eval|(nonce|sha256|sha384|sha512)-.*)");
    private static final Pattern SOURCE = Pattern.compile("[!-~&&[^;,'\"\\\\]]+");

    private final Map<String, List<String>> directives;
    private final String withoutNonce;
    private final String template;

    private Csp(Map<String, List<String>> directives) {
        this.directives = directives;
        StringBuilder plain = new StringBuilder();
        StringBuilder tpl = new StringBuilder();
        directives.forEach((name, values) -> {
            List<String> kept = new ArrayList<>(values);
            kept.removeIf(NONCE::equals); // every placeholder, not only the first
            if (kept.isEmpty() && !values.isEmpty()) {
                kept.add("'none'");
            }
            append(plain, name, kept);
            append(tpl, name, values);
        });
        this.withoutNonce = plain.toString();
        this.template = tpl.toString();
    }

    private static void append(StringBuilder b, String name, List<String> values) {
        if (b.length() > 0) {
            b.append("; ");
        }
        b.append(name);
        for (String v : values) {
            b.append(' ').append(v);
        }
    }

    /**
     * Parses and validates a policy.
     *
     * @param key                     the configuration key, for messages
     * @param allowMissingDefaultSrc  the loud waiver {@code portcullis.csp.dangerously-disable-default-src}
     * @throws ConfigException naming the key, quoting the offending part, saying what is allowed
     */
    static Csp parse(String key, String text, boolean allowMissingDefaultSrc) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw fail(key, "must not contain control characters", text);
            }
            if (c == ',') {
                throw fail(key, "must not contain \",\" (it would start a second policy); separate directives with \";\"", text);
            }
        }
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String d = part.trim();
            if (d.isEmpty()) {
                continue;
            }
            String[] tokens = d.split("[ \t]+");
            String name = tokens[0].toLowerCase(Locale.ROOT);
            if (!DIRECTIVES.contains(name)) {
                throw fail(key, "has an unknown directive " + ConfigException.quote(tokens[0]) + "; allowed: "
                        + String.join(", ", new TreeSet<>(DIRECTIVES)), text);
            }
            if (directives.containsKey(name)) {
                throw fail(key, "has the directive " + name + " twice", text);
            }
            List<String> values = new ArrayList<>();
            for (int i = 1; i < tokens.length; i++) {
                values.add(checkSource(key, text, name, tokens[i]));
            }
            if (NO_VALUE.contains(name) && !values.isEmpty()) {
                throw fail(key, "directive " + name + " takes no value", text);
            }
            if (!NO_VALUE.contains(name) && !name.equals("sandbox") && values.isEmpty()) {
                throw fail(key, "directive " + name + " needs at least one source (use 'none' to allow nothing)", text);
            }
            if (values.contains("'none'") && values.size() > 1) {
                throw fail(key, "directive " + name + " combines 'none' with other sources", text);
            }
            if (values.contains(NONCE) && !NONCE_DIRECTIVES.contains(name)) {
                throw fail(key, "directive " + name + " cannot take " + NONCE + "; only " + String.join(", ", new TreeSet<>(NONCE_DIRECTIVES)), text);
            }
            directives.put(name, List.copyOf(values));
        }
        if (directives.isEmpty()) {
            throw fail(key, "must contain at least one directive (to send no policy, set it to off)", text);
        }
        if (!directives.containsKey("default-src") && !allowMissingDefaultSrc) {
            throw fail(key, "must contain default-src (or set portcullis.csp.dangerously-disable-default-src=true)", text);
        }
        return new Csp(directives);
    }

    private static String checkSource(String key, String text, String directive, String token) {
        if (token.equals(NONCE)) {
            return token;
        }
        if (token.contains(NONCE)) {
            // rendering would put 'nonce-…' inside this source, or leave the placeholder in the header
            throw fail(key, "directive " + directive + " has " + ConfigException.quote(token) + "; " + NONCE
                    + " must be a source of its own", text);
        }
        if (token.startsWith("'")) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (KEYWORDS.contains(lower)) {
                return lower;
            }
            if (QUOTED_SOURCE.matcher(token).matches()) {
                return token;
            }
            throw fail(key, "directive " + directive + " has an unknown quoted source " + ConfigException.quote(token), text);
        }
        if (UNQUOTED_SPECIAL.matcher(token).matches()) {
            throw fail(key, "directive " + directive + " has " + ConfigException.quote(token) + ", which must be quoted: '" + token + "'", text);
        }
        if (!SOURCE.matcher(token).matches()) {
            throw fail(key, "directive " + directive + " has an invalid source " + ConfigException.quote(token), text);
        }
        return token;
    }

    private static ConfigException fail(String key, String rule, String value) {
        return Policies.fail(key, rule, value);
    }

    /** Whether the policy has the nonce placeholder anywhere. */
    boolean usesNonce() {
        return template.contains(NONCE);
    }

    /** The header value; {@code nonce} null when the request never asked for one. */
    String render(String nonce) {
        return nonce == null ? withoutNonce : template.replace(NONCE, "'nonce-" + nonce + "'");
    }

    /** Sources of one directive, or an empty list. */
    List<String> sources(String directive) {
        return directives.getOrDefault(directive, List.of());
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    @Override
    public String toString() {
        return template;
    }
}

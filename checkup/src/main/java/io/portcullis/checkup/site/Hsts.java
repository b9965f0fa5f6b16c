package io.portcullis.checkup.site;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code Strict-Transport-Security} header parsed by RFC 6797 §6.1: directives separated by
 * {@code ;}, names case-insensitive, values optionally quoted, {@code max-age} required, no
 * directive twice. More than one header field (or a comma, which is how proxies fold two) is
 * invalid: §8.1 says only the first is processed, and the Observatory rejects it.
 *
 * @param maxAge            seconds
 * @param includeSubDomains the directive is present
 * @param preload           the (non-standard, hstspreload.org) directive is present
 */
record Hsts(long maxAge, boolean includeSubDomains, boolean preload) {

    /** Six months as the Observatory counts it ("a white lie": 180 days). */
    static final long SIX_MONTHS = 15_552_000L;
    /** One year, the hstspreload.org minimum and our warning threshold. */
    static final long ONE_YEAR = 31_536_000L;

    static final class InvalidHstsException extends Exception {
        InvalidHstsException(String message) {
            super(message);
        }
    }

    static Hsts parse(List<String> values) throws InvalidHstsException {
        if (values.size() != 1) {
            throw new InvalidHstsException("sent " + values.size() + " times; browsers use only the first");
        }
        String value = values.get(0);
        if (value.contains(",")) {
            throw new InvalidHstsException("contains a comma: the header was sent more than once");
        }
        Long maxAge = null;
        boolean sub = false;
        boolean preload = false;
        Set<String> seen = new HashSet<>();
        for (String part : value.split(";")) {
            String d = part.trim();
            if (d.isEmpty()) {
                continue;
            }
            int eq = d.indexOf('=');
            String name = (eq < 0 ? d : d.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : d.substring(eq + 1).trim();
            if (!seen.add(name)) {
                throw new InvalidHstsException("directive " + name + " appears twice");
            }
            if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            switch (name) {
                case "max-age" -> {
                    if (v == null || !v.matches("[0-9]{1,18}")) {
                        throw new InvalidHstsException("max-age \"" + v + "\" is not a number of seconds");
                    }
                    maxAge = Long.parseLong(v);
                }
                case "includesubdomains" -> sub = true;
                case "preload" -> preload = true;
                default -> {
                    // RFC 6797 §6.1: unknown directives are ignored
                }
            }
        }
        if (maxAge == null) {
            throw new InvalidHstsException("has no max-age");
        }
        return new Hsts(maxAge, sub, preload);
    }

    /** What hstspreload.org requires: max-age at least a year, includeSubDomains and preload. */
    boolean preloadEligible() {
        return maxAge >= ONE_YEAR && includeSubDomains && preload;
    }
}

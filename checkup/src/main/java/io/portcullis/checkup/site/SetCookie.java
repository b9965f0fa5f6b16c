package io.portcullis.checkup.site;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code Set-Cookie} header as a browser reads it (RFC 6265bis §5.6): the name/value pair up
 * to the first {@code ;}, then attributes whose names are case-insensitive; an attribute a browser
 * would not recognise is kept out of the flags rather than guessed at. A {@code SameSite} value
 * is kept as written so an invalid one can be reported ({@code SameSite=Lax;} is valid,
 * {@code SameSite=Lux} is not, and a browser treats it as absent).
 *
 * @param name     cookie name, as sent
 * @param secure   {@code Secure} attribute present
 * @param httpOnly {@code HttpOnly} attribute present
 * @param sameSite the raw {@code SameSite} value, or null when absent ({@code ""} when empty)
 * @param path     the {@code Path} attribute, or null
 * @param domain   the {@code Domain} attribute, or null
 * @param raw      the header line, for messages
 */
record SetCookie(String name, boolean secure, boolean httpOnly, String sameSite, String path, String domain,
                 String raw) {

    /** Parses one header value; empty when there is no name=value pair at all. */
    static Optional<SetCookie> parse(String header) {
        String[] parts = header.split(";", -1); // -1: ";" alone still has a (empty) first part
        String pair = parts[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String name = pair.substring(0, eq).trim();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean secure = false;
        boolean httpOnly = false;
        String sameSite = null;
        String path = null;
        String domain = null;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int aeq = attr.indexOf('=');
            String key = (aeq < 0 ? attr : attr.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
            String value = aeq < 0 ? "" : attr.substring(aeq + 1).trim();
            switch (key) {
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> sameSite = aeq < 0 ? "" : value;
                case "path" -> path = value;
                case "domain" -> domain = value;
                default -> {
                    // expires, max-age, partitioned, priority, extensions: not scored
                }
            }
        }
        return Optional.of(new SetCookie(name, secure, httpOnly, sameSite, path, domain, header));
    }

    /** The SameSite value when it is one of Strict, Lax, None (case-insensitive). */
    boolean sameSiteValid() {
        if (sameSite == null) {
            return false;
        }
        String v = sameSite.toLowerCase(Locale.ROOT);
        return v.equals("strict") || v.equals("lax") || v.equals("none");
    }

    boolean sameSiteNone() {
        return sameSite != null && sameSite.equalsIgnoreCase("none");
    }

    /** The Observatory's notion of a session cookie: the name contains "login" or "sess". */
    boolean observatorySession() {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("login") || n.contains("sess");
    }

    /** The Observatory's notion of an anti-CSRF cookie: the name contains "csrf". */
    boolean observatoryAntiCsrf() {
        return name.toLowerCase(Locale.ROOT).contains("csrf");
    }

    /**
     * Our wider notion of a cookie that authenticates (so must be HttpOnly): the Observatory's names
     * plus {@code auth}, {@code token}, {@code remember} and {@code sid}; anti-CSRF cookies such as
     * {@code XSRF-TOKEN} are excluded because scripts must read them.
     */
    boolean authenticates() {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("csrf") || n.contains("xsrf")) {
            return false;
        }
        return observatorySession() || n.contains("auth") || n.contains("token") || n.contains("remember")
                || n.equals("sid") || n.endsWith(".sid") || n.endsWith("_sid");
    }
}

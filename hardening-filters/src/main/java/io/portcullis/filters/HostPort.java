package io.portcullis.filters;

import java.util.Locale;

/**
 * A parsed {@code Host} / {@code X-Forwarded-Host} value (RFC 9110 §7.2, RFC 3986 §3.2.2):
 * a DNS name, an IPv4 literal or a bracketed IPv6 literal, and an optional port. The host is
 * lower-cased and a trailing dot removed. Anything else (user info, paths, spaces, control
 * characters, empty ports) is refused, so a value that passes can be written into a Location
 * header as is.
 */
final class HostPort {


    /** Lower-case host; IPv6 literals keep their brackets. */
    final String host;
    /** The explicit port, or -1. */
    final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Parses a Host header value; null when it is not a valid host[:port]. */
    static HostPort parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 300) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        String host;
        String portText = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = v.substring(0, close + 1);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                portText = rest.substring(1);
            }
            byte[] b = Cidr.literal(host);
            if (b == null || b.length != 16 || host.contains("%")) {
                return null;
            }
        } else {
            int colon = v.indexOf(':');
            if (colon >= 0) {
                host = v.substring(0, colon);
                portText = v.substring(colon + 1);
            } else {
                host = v;
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (!isName(host)) {
                return null;
            }
        }
        int port = -1;
        if (portText != null) {
            if (portText.isEmpty() || portText.length() > 5) {
                return null;
            }
            port = 0;
            for (int i = 0; i < portText.length(); i++) {
                char c = portText.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                port = port * 10 + (c - '0');
            }
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        return new HostPort(host, port);
    }

    /**
     * A DNS name in lower case (RFC 1123 §2.1, plus {@code _}): 1 to 253 characters, labels of 1
     * to 63 of {@code [a-z0-9_-]} that neither start nor end with {@code -}. Hand-written so a
     * request's Host check allocates nothing.
     */
    static boolean isName(String h) {
        int n = h.length();
        if (n < 1 || n > 253) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i == n ? '.' : h.charAt(i);
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || h.charAt(labelStart) == '-' || h.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code host} alone, IPv6 in brackets, for an allowed-hosts comparison. */
    @Override
    public String toString() {
        return port < 0 ? host : host + ":" + port;
    }
}

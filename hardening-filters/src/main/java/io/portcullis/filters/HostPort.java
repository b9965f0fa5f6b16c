package io.portcullis.filters;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code Host} / {@code X-Forwarded-Host} value (RFC 9110 §7.2, RFC 3986 §3.2.2):
 * a DNS name, an IPv4 literal or a bracketed IPv6 literal, and an optional port. The host is
 * lower-cased and a trailing dot removed. Anything else (user info, paths, spaces, control
 * characters, empty ports) is refused, so a value that passes can be written into a Location
 * header as is.
 */
final class HostPort {

    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

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
            if (!NAME.matcher(host).matches()) {
                return null;
            }
        }
        int port = -1;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}")) {
                return null;
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        return new HostPort(host, port);
    }

    /** {@code host} alone, IPv6 in brackets, for an allowed-hosts comparison. */
    @Override
    public String toString() {
        return port < 0 ? host : host + ":" + port;
    }
}

package io.portcullis.checkup.site;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cookie store the Observatory's sessions keep ({@code tough-cookie} 5, as measured with
 * {@code @mdn/mdn-http-observatory} 1.4.8's own copy): a cookie is kept per (domain, path, name)
 * and a later one with the same key replaces it; a {@code Domain} that does not domain-match the
 * request host is refused, and so is a {@code Domain} that is a public suffix (RFC 6265 §5.3 step
 * 5: {@link #publicSuffixRefuses}); {@code __Secure-}/{@code __Host-} cookies that break their prefix
 * rules are dropped silently; expired cookies ({@code Max-Age=0}) stay in the store and are
 * still scored. Only {@code strict}, {@code lax} and {@code none} are kept as SameSite values.
 */
final class CookieJar {

    /** One stored cookie, as the Observatory's cookie test reads it. */
    record Stored(String name, String domain, String path, boolean secure, boolean httpOnly, String sameSite) {
    }

    private final Map<String, Stored> cookies = new LinkedHashMap<>();

    /** Stores every {@code Set-Cookie} of {@code r}, as received for {@code r.uri()}. */
    void store(Response r) {
        for (String header : r.all("Set-Cookie")) {
            parse(header, r.uri()).ifPresent(c -> cookies.put(c.domain() + ";" + c.path() + ";" + c.name(), c));
        }
    }

    List<Stored> all() {
        return List.copyOf(cookies.values());
    }

    /** The {@code Cookie} header a client would send to {@code uri}, or empty. */
    Optional<String> header(URI uri) {
        String host = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        List<String> pairs = new ArrayList<>();
        for (Stored c : cookies.values()) {
            if ((c.domain().equals(host) || host.endsWith("." + c.domain())) && path.startsWith(c.path())
                    && (https || !c.secure())) {
                pairs.add(c.name() + "=" + values.getOrDefault(c, ""));
            }
        }
        return pairs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", pairs));
    }

    private final Map<Stored, String> values = new LinkedHashMap<>();

    private Optional<Stored> parse(String header, URI from) {
        String[] parts = header.split(";", -1); // -1: ";" alone still has a (empty) first part
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String host = String.valueOf(from.getHost()).toLowerCase(Locale.ROOT);
        String domain = null;
        String path = null;
        boolean secure = false;
        boolean httpOnly = false;
        String sameSite = null;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int aeq = attr.indexOf('=');
            String key = (aeq < 0 ? attr : attr.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
            String v = aeq < 0 ? "" : attr.substring(aeq + 1).trim();
            switch (key) {
                case "domain" -> {
                    String d = v.startsWith(".") ? v.substring(1) : v;
                    if (!d.isEmpty()) {
                        domain = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = v.startsWith("/") ? v : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> {
                    String s = v.toLowerCase(Locale.ROOT);
                    sameSite = s.equals("strict") || s.equals("lax") || s.equals("none") ? s : null;
                }
                default -> {
                    // expires, max-age and extensions do not change what the Observatory scores
                }
            }
        }
        if (domain != null && !(host.equals(domain) || host.endsWith("." + domain))) {
            return Optional.empty();
        }
        if (domain != null && publicSuffixRefuses(domain)) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if ((lower.startsWith("__secure-") || lower.startsWith("__host-")) && !secure) {
            return Optional.empty();
        }
        if (lower.startsWith("__host-") && (domain != null || !"/".equals(path))) {
            return Optional.empty();
        }
        if (path == null) {
            String p = from.getRawPath() == null || from.getRawPath().isEmpty() ? "/" : from.getRawPath();
            int slash = p.lastIndexOf('/');
            path = slash <= 0 ? "/" : p.substring(0, slash);
        }
        Stored c = new Stored(name, domain == null ? host : domain, path, secure, httpOnly, sameSite);
        values.put(c, value);
        return Optional.of(c);
    }

    /** RFC 6761 special-use top-level names, as tough-cookie lists them. */
    private static final List<String> SPECIAL_USE = List.of("local", "example", "invalid", "localhost", "test");

    /**
     * Whether the Observatory's cookie store refuses {@code Domain=domain} as a public suffix:
     * tough-cookie 5.1.2's {@code setCookie} with its defaults ({@code rejectPublicSuffixes},
     * {@code allowSpecialUseDomain}) and the {@code ignoreError} that http-cookie-agent passes,
     * i.e. {@code getPublicSuffix(domain) == null} and the domain is no IPv6 literal.
     * {@code getPublicSuffix} is tldts's {@code getDomain} over the whole Public Suffix List,
     * private section included ({@code github.io}, {@code blogspot.com}), with the {@code *}
     * rule for unknown suffixes; an IPv4 address has none, so {@code Domain=127.0.0.1} is refused
     * (a browser would keep it). The list is Guava's copy ({@link InternetDomainName}), already
     * used by the SRI test: a maintained list, released with Guava, rather than one bundled here.
     */
    static boolean publicSuffixRefuses(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.contains(":")) {
            return false; // IPv6 literal: tough-cookie lets it through
        }
        String[] labels = d.split("\\.", -1);
        String top = labels[labels.length - 1];
        if (SPECIAL_USE.contains(top) && (labels.length > 1 || top.equals("localhost") || top.equals("invalid"))) {
            return false; // printer.local, a.test, localhost, invalid
        }
        if (InetAddresses.isInetAddress(d)) {
            return true;
        }
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.hasPublicSuffix()) {
                return !name.isUnderPublicSuffix();
            }
        } catch (IllegalArgumentException e) {
            return true; // tldts finds no domain in what is not a host name
        }
        return labels.length < 2; // the * rule: the last label is the suffix
    }
}

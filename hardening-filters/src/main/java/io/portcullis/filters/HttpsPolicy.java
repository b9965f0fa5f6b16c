package io.portcullis.filters;

import io.portcullis.core.ConfigReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host check and HTTPS redirect settings ({@code portcullis.https.*}, {@code portcullis.hosts.*},
 * {@code portcullis.report-only.https}). Validates itself on construction; equality is structural.
 *
 * @param redirect      redirect insecure requests (default true)
 * @param getStatus     status for GET and HEAD (default 301)
 * @param otherStatus   status for other methods (default 308, RFC 9110 §15.4.9)
 * @param portMap       HTTP port → HTTPS port (default 80→443, 8080→8443)
 * @param exempt        paths never redirected
 * @param allowedHosts  hosts accepted in Host
 * @param canonicalHost the host every redirect goes to, or null
 * @param reportOnly    log instead of redirecting / refusing
 */
record HttpsPolicy(boolean redirect, int getStatus, int otherStatus, Map<Integer, Integer> portMap, List<String> exempt,
        List<String> allowedHosts, String canonicalHost, boolean reportOnly) {

    static final List<Integer> GET_STATUSES = List.of(301, 302, 303, 307, 308);
    static final List<Integer> OTHER_STATUSES = List.of(307, 308);

    static final Map<String, String> KEYS = Policies.keys(
            "portcullis.https.redirect", "true",
            "portcullis.https.get-status", "301",
            "portcullis.https.other-status", "308",
            "portcullis.https.port-map", "80:443,8080:8443",
            "portcullis.https.exempt", "",
            "portcullis.hosts.allowed", "localhost,127.0.0.1,[::1]",
            "portcullis.hosts.canonical", "",
            "portcullis.report-only.https", "false");

    static final HttpsPolicy DEFAULTS = new HttpsPolicy(true, 301, 308, Map.of(80, 443, 8080, 8443), List.of(),
            List.of("localhost", "127.0.0.1", "[::1]"), null, false);

    HttpsPolicy {
        portMap = Collections.unmodifiableMap(new TreeMap<>(portMap));
        exempt = List.copyOf(exempt);
        allowedHosts = List.copyOf(allowedHosts);
        if (!GET_STATUSES.contains(getStatus)) {
            throw Policies.fail("portcullis.https.get-status", "must be one of 301, 302, 303, 307, 308", Integer.toString(getStatus));
        }
        if (!OTHER_STATUSES.contains(otherStatus)) {
            throw Policies.fail("portcullis.https.other-status", "must be one of 307, 308 (they keep the method and body)",
                    Integer.toString(otherStatus));
        }
        portMap.forEach((from, to) -> {
            if (from < 1 || from > 65535 || to < 1 || to > 65535) {
                throw Policies.fail("portcullis.https.port-map", "ports must be in [1, 65535]", from + ":" + to);
            }
        });
        PathPatterns.of("portcullis.https.exempt", exempt);
        for (String h : allowedHosts) {
            String hostPart = h.startsWith(".") ? h.substring(1) : h;
            HostPort hp = HostPort.parse(hostPart);
            if (hp == null || hp.port >= 0) {
                throw Policies.fail("portcullis.hosts.allowed", "entries must be host names or IP literals (IPv6 in brackets), "
                        + "or .example.com for a domain and its subdomains; no ports, no wildcards", h);
            }
        }
        if (canonicalHost != null && HostPort.parse(canonicalHost) == null) {
            throw Policies.fail("portcullis.hosts.canonical", "must be host or host:port (IPv6 in brackets)", canonicalHost);
        }
    }

    /** The settings from the {@code portcullis.https/hosts} keys; unset keys keep the defaults. */
    static HttpsPolicy read(ConfigReader r) {
        HttpsPolicy d = DEFAULTS;
        return new HttpsPolicy(
                r.bool("portcullis.https.redirect", d.redirect),
                status(r, "portcullis.https.get-status", d.getStatus, GET_STATUSES),
                status(r, "portcullis.https.other-status", d.otherStatus, OTHER_STATUSES),
                r.isSet("portcullis.https.port-map") ? portMap(r, "portcullis.https.port-map") : d.portMap,
                r.list("portcullis.https.exempt", d.exempt),
                r.list("portcullis.hosts.allowed", d.allowedHosts),
                r.optional("portcullis.hosts.canonical").filter(s -> !s.isEmpty()).orElse(null),
                r.bool("portcullis.report-only.https", false));
    }

    private static int status(ConfigReader r, String key, int def, List<Integer> allowed) {
        String v = r.optional(key).orElse(null);
        if (v == null) {
            return def;
        }
        for (Integer a : allowed) {
            if (a.toString().equals(v)) {
                return a;
            }
        }
        StringBuilder b = new StringBuilder();
        for (Integer a : allowed) {
            b.append(b.length() == 0 ? "" : ", ").append(a);
        }
        throw r.bad(key, "must be one of " + b, v);
    }

    private static Map<Integer, Integer> portMap(ConfigReader r, String key) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (String entry : r.list(key, List.of())) {
            if (!entry.matches("[0-9]{1,5}:[0-9]{1,5}")) {
                throw r.bad(key, "must be a list of httpPort:httpsPort pairs such as 8080:8443", entry);
            }
            String[] p = entry.split(":");
            out.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        return out;
    }

    /** Whether {@code host} (lower case, IPv6 in brackets) is allowed by the list or is the canonical host. */
    boolean isAllowedHost(String host) {
        if (host == null) {
            return false;
        }
        if (canonicalHost != null && HostPort.parse(canonicalHost).host.equals(host)) {
            return true;
        }
        for (String a : allowedHosts) {
            String entry = a.toLowerCase(java.util.Locale.ROOT);
            if (entry.startsWith(".") ? host.equals(entry.substring(1)) || host.endsWith(entry) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "https: redirect=" + (redirect ? getStatus + "/" + otherStatus : "off") + (reportOnly ? " (report-only)" : "")
                + " port-map=" + portMap + " exempt=" + exempt + "\n"
                + "hosts: allowed=" + allowedHosts + " canonical=" + (canonicalHost == null ? "none" : canonicalHost);
    }

}

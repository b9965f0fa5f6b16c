package io.portcullis.filters;

import io.portcullis.core.ConfigReader;
import java.util.Collections;
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

    static final HttpsPolicy DEFAULTS = new HttpsPolicy(HardeningKeys.HTTPS_REDIRECT.defaultValue(),
            HardeningKeys.HTTPS_GET_STATUS.defaultValue(), HardeningKeys.HTTPS_OTHER_STATUS.defaultValue(),
            HardeningKeys.HTTPS_PORT_MAP.defaultValue(), HardeningKeys.HTTPS_EXEMPT.defaultValue(),
            HardeningKeys.HOSTS_ALLOWED.defaultValue(), HardeningKeys.HOSTS_CANONICAL.defaultValue(),
            HardeningKeys.REPORT_ONLY_HTTPS.defaultValue());

    HttpsPolicy {
        HardeningKeys.HTTPS_GET_STATUS.check(getStatus);
        HardeningKeys.HTTPS_OTHER_STATUS.check(otherStatus);
        portMap = Collections.unmodifiableMap(new TreeMap<>(HardeningKeys.HTTPS_PORT_MAP.check(portMap)));
        exempt = List.copyOf(HardeningKeys.HTTPS_EXEMPT.check(exempt));
        allowedHosts = List.copyOf(HardeningKeys.HOSTS_ALLOWED.check(allowedHosts));
        HardeningKeys.HOSTS_CANONICAL.check(canonicalHost);
    }

    /** The settings from the {@code portcullis.https/hosts} keys; unset keys keep the defaults. */
    static HttpsPolicy read(ConfigReader r) {
        return new HttpsPolicy(r.get(HardeningKeys.HTTPS_REDIRECT), r.get(HardeningKeys.HTTPS_GET_STATUS),
                r.get(HardeningKeys.HTTPS_OTHER_STATUS), r.get(HardeningKeys.HTTPS_PORT_MAP), r.get(HardeningKeys.HTTPS_EXEMPT),
                r.get(HardeningKeys.HOSTS_ALLOWED), r.get(HardeningKeys.HOSTS_CANONICAL), r.get(HardeningKeys.REPORT_ONLY_HTTPS));
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

package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every response header a filter writes, rendered once from the policy (as Tomcat's
 * {@code HttpHeaderSecurityFilter} does in {@code init}); per response it only decides and adds.
 * A header the application already set is never replaced (RFC-less but essential: the
 * application knows better for its own page).
 *
 * <p>Per response: {@code containsHeader} with the lower-case name (header names are
 * case-insensitive, RFC 9110 §5.1; the containers compare ignoring case at no extra cost, and
 * a response that lower-cases the name to look it up, as Spring's mock does, then has nothing to
 * copy), then {@code addHeader} with the usual spelling, which appends without the second
 * search that {@code setHeader} makes for a header that is known to be absent.
 */
final class HeaderWriters {

    private static final String HSTS = "Strict-Transport-Security";
    private static final String HSTS_LOWER = "strict-transport-security";
    private static final String CACHE_CONTROL = "Cache-Control";
    private static final String CACHE_CONTROL_LOWER = "cache-control";
    private static final String CSP = "Content-Security-Policy";
    private static final String CSP_LOWER = "content-security-policy";
    private static final String CSP_RO = "Content-Security-Policy-Report-Only";
    private static final String CSP_RO_LOWER = "content-security-policy-report-only";

    private final String[] removed;
    private final String[] removedLower;
    private final String hsts;
    private final String[] names;
    private final String[] lowerNames;
    private final String[] values;
    private final PathPatterns noStore;
    private final Csp csp;
    private final Csp cspReportOnly;

    HeaderWriters(HardeningPolicy policy, Set<Part> parts) {
        HeaderPolicy h = policy.headerPolicy();
        boolean headers = parts.contains(Part.HEADERS);
        removed = headers ? h.remove().toArray(new String[0]) : new String[0];
        removedLower = lower(removed);
        hsts = parts.contains(Part.HSTS) && policy.hstsPolicy().enabled() ? policy.hstsPolicy().value() : null;
        List<String[]> list = new ArrayList<>();
        if (headers) {
            add(list, "X-Content-Type-Options", off(h.contentTypeOptions().token()));
            add(list, "X-Frame-Options", off(h.frameOptions().token()));
            add(list, "Referrer-Policy", off(h.referrerTokens()));
            add(list, "Cross-Origin-Opener-Policy", off(h.openerPolicy().token()));
            add(list, "Cross-Origin-Resource-Policy", off(h.resourcePolicy().token()));
            add(list, "Cross-Origin-Embedder-Policy", off(h.embedderPolicy().token()));
            add(list, "Permissions-Policy", h.permissionsPolicy());
            add(list, "X-Permitted-Cross-Domain-Policies", off(h.crossDomainPolicies().token()));
        }
        names = new String[list.size()];
        values = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            names[i] = list.get(i)[0];
            values[i] = list.get(i)[1];
        }
        lowerNames = lower(names);
        noStore = headers && !h.noStorePaths().isEmpty()
                ? PathPatterns.of("portcullis.headers.no-store-paths", h.noStorePaths())
                : null;
        boolean withCsp = parts.contains(Part.CSP);
        csp = withCsp ? policy.cspPolicy().enforced() : null;
        cspReportOnly = withCsp ? policy.cspPolicy().reportOnlyParsed() : null;
    }

    private static String[] lower(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].toLowerCase(Locale.ROOT);
        }
        return out;
    }

    private static String off(String token) {
        return "off".equals(token) ? null : token;
    }

    private static void add(List<String[]> list, String name, String value) {
        if (value != null) {
            list.add(new String[] {name, value});
        }
    }

    /** Whether a policy written here has the nonce placeholder (so each request needs a {@link CspNonce}). */
    boolean usesNonce() {
        return csp != null && csp.usesNonce() || cspReportOnly != null && cspReportOnly.usesNonce();
    }

    /** Whether this request's path is a no-store path (decided when the request arrives). */
    boolean noStore(HttpServletRequest request) {
        return noStore != null && noStore.matches(Engine.pathOf(request));
    }

    /**
     * Writes the headers, never replacing one the application set. Called once per response,
     * before commit; {@code secure}: the effective request is HTTPS; {@code noStorePath}: see
     * {@link #noStore}; {@code nonce} is this request's holder, or null.
     */
    void write(boolean secure, boolean noStorePath, CspNonce nonce, HttpServletResponse response) {
        for (int i = 0; i < removed.length; i++) {
            if (response.containsHeader(removedLower[i])) {
                response.setHeader(removed[i], null);
            }
        }
        if (hsts != null && secure && !response.containsHeader(HSTS_LOWER)) {
            response.addHeader(HSTS, hsts);
        }
        for (int i = 0; i < names.length; i++) {
            if (!response.containsHeader(lowerNames[i])) {
                response.addHeader(names[i], values[i]);
            }
        }
        if (noStorePath && !response.containsHeader(CACHE_CONTROL_LOWER)) {
            response.addHeader(CACHE_CONTROL, "no-store");
        }
        if (csp != null || cspReportOnly != null) {
            String n = nonce != null && nonce.isUsed() ? nonce.value() : null;
            if (csp != null && !response.containsHeader(CSP_LOWER)) {
                response.addHeader(CSP, csp.render(n));
            }
            if (cspReportOnly != null && !response.containsHeader(CSP_RO_LOWER)) {
                response.addHeader(CSP_RO, cspReportOnly.render(n));
            }
        }
    }
}

package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every response header a filter writes, rendered once from the policy (as Tomcat's
 * {@code HttpHeaderSecurityFilter} does in {@code init}); per response it only decides and sets.
 * A header the application already set is never replaced (RFC-less but essential: the
 * application knows better for its own page).
 */
final class HeaderWriters {

    private final String[] removed;
    private final String hsts;
    private final String[] names;
    private final String[] values;
    private final PathPatterns noStore;
    private final Csp csp;
    private final Csp cspReportOnly;

    HeaderWriters(HardeningPolicy policy, Set<Part> parts) {
        HeaderPolicy h = policy.headerPolicy();
        boolean headers = parts.contains(Part.HEADERS);
        removed = headers ? h.remove().toArray(new String[0]) : new String[0];
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
        noStore = headers && !h.noStorePaths().isEmpty() ? PathPatterns.of("portcullis.headers.no-store-paths", h.noStorePaths()) : null;
        boolean withCsp = parts.contains(Part.CSP);
        csp = withCsp ? policy.cspPolicy().enforced() : null;
        cspReportOnly = withCsp ? policy.cspPolicy().reportOnlyParsed() : null;
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

    /** Writes the headers, never replacing one the application set. Called once per response, before commit. */
    void write(HttpServletRequest request, EffectiveRequest eff, HttpServletResponse response) {
        for (String name : removed) {
            if (response.containsHeader(name)) {
                response.setHeader(name, null);
            }
        }
        if (hsts != null && eff.isSecure() && !response.containsHeader("Strict-Transport-Security")) {
            response.setHeader("Strict-Transport-Security", hsts);
        }
        for (int i = 0; i < names.length; i++) {
            if (!response.containsHeader(names[i])) {
                response.setHeader(names[i], values[i]);
            }
        }
        if (noStore != null && noStore.matches(Engine.pathOf(request)) && !response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (csp != null || cspReportOnly != null) {
            Object n = request.getAttribute(CspNonce.ATTRIBUTE);
            String nonce = n instanceof CspNonce c && c.isUsed() ? c.value() : null;
            if (csp != null && !response.containsHeader("Content-Security-Policy")) {
                response.setHeader("Content-Security-Policy", csp.render(nonce));
            }
            if (cspReportOnly != null && !response.containsHeader("Content-Security-Policy-Report-Only")) {
                response.setHeader("Content-Security-Policy-Report-Only", cspReportOnly.render(nonce));
            }
        }
    }
}

package io.portcullis.filters;

import io.portcullis.core.ConfigReader;
import io.portcullis.filters.HardeningPolicy.ContentTypeOptions;
import io.portcullis.filters.HardeningPolicy.CrossDomainPolicies;
import io.portcullis.filters.HardeningPolicy.EmbedderPolicy;
import io.portcullis.filters.HardeningPolicy.FrameOptions;
import io.portcullis.filters.HardeningPolicy.OpenerPolicy;
import io.portcullis.filters.HardeningPolicy.ReferrerPolicy;
import io.portcullis.filters.HardeningPolicy.ResourcePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The static security headers ({@code portcullis.headers.*}): each value depends on this policy
 * only, so {@link HeaderWriters} renders them once. Validates itself on construction; equality is
 * structural.
 *
 * @param contentTypeOptions  X-Content-Type-Options (default nosniff)
 * @param frameOptions        X-Frame-Options (default DENY)
 * @param referrerPolicy      Referrer-Policy tokens, fallbacks first (default no-referrer; [off] sends none)
 * @param openerPolicy        Cross-Origin-Opener-Policy (default same-origin)
 * @param resourcePolicy      Cross-Origin-Resource-Policy (default same-origin)
 * @param embedderPolicy      Cross-Origin-Embedder-Policy (default off)
 * @param permissionsPolicy   Permissions-Policy value, or null for none
 * @param crossDomainPolicies X-Permitted-Cross-Domain-Policies (default none)
 * @param noStorePaths        paths answered with Cache-Control: no-store
 * @param remove              response headers removed
 */
record HeaderPolicy(ContentTypeOptions contentTypeOptions, FrameOptions frameOptions, List<ReferrerPolicy> referrerPolicy,
        OpenerPolicy openerPolicy, ResourcePolicy resourcePolicy, EmbedderPolicy embedderPolicy, String permissionsPolicy,
        CrossDomainPolicies crossDomainPolicies, List<String> noStorePaths, List<String> remove) {

    static final HeaderPolicy DEFAULTS = new HeaderPolicy(HardeningKeys.HEADERS_CONTENT_TYPE_OPTIONS.defaultValue(),
            HardeningKeys.HEADERS_FRAME_OPTIONS.defaultValue(), HardeningKeys.HEADERS_REFERRER_POLICY.defaultValue(),
            HardeningKeys.HEADERS_COOP.defaultValue(), HardeningKeys.HEADERS_CORP.defaultValue(),
            HardeningKeys.HEADERS_COEP.defaultValue(), HardeningKeys.HEADERS_PERMISSIONS_POLICY.defaultValue(),
            HardeningKeys.HEADERS_CROSS_DOMAIN.defaultValue(), HardeningKeys.HEADERS_NO_STORE_PATHS.defaultValue(),
            HardeningKeys.HEADERS_REMOVE.defaultValue());

    HeaderPolicy {
        HardeningKeys.HEADERS_CONTENT_TYPE_OPTIONS.check(contentTypeOptions);
        HardeningKeys.HEADERS_FRAME_OPTIONS.check(frameOptions);
        HardeningKeys.HEADERS_COOP.check(openerPolicy);
        HardeningKeys.HEADERS_CORP.check(resourcePolicy);
        HardeningKeys.HEADERS_COEP.check(embedderPolicy);
        HardeningKeys.HEADERS_CROSS_DOMAIN.check(crossDomainPolicies);
        referrerPolicy = List.copyOf(HardeningKeys.HEADERS_REFERRER_POLICY.check(referrerPolicy));
        noStorePaths = List.copyOf(HardeningKeys.HEADERS_NO_STORE_PATHS.check(noStorePaths));
        remove = List.copyOf(HardeningKeys.HEADERS_REMOVE.check(remove));
        HardeningKeys.HEADERS_PERMISSIONS_POLICY.check(permissionsPolicy);
    }

    static HeaderPolicy read(ConfigReader r) {
        return new HeaderPolicy(r.get(HardeningKeys.HEADERS_CONTENT_TYPE_OPTIONS), r.get(HardeningKeys.HEADERS_FRAME_OPTIONS),
                r.get(HardeningKeys.HEADERS_REFERRER_POLICY), r.get(HardeningKeys.HEADERS_COOP), r.get(HardeningKeys.HEADERS_CORP),
                r.get(HardeningKeys.HEADERS_COEP), r.get(HardeningKeys.HEADERS_PERMISSIONS_POLICY),
                r.get(HardeningKeys.HEADERS_CROSS_DOMAIN), r.get(HardeningKeys.HEADERS_NO_STORE_PATHS),
                r.get(HardeningKeys.HEADERS_REMOVE));
    }

    static List<String> tokens(List<ReferrerPolicy> list) {
        List<String> t = new ArrayList<>();
        list.forEach(x -> t.add(x.token()));
        return t;
    }

    /** The Referrer-Policy value, or "off". */
    String referrerTokens() {
        return referrerPolicy.isEmpty() ? "off" : String.join(", ", tokens(referrerPolicy));
    }

    @Override
    public String toString() {
        return "headers: nosniff=" + contentTypeOptions.token() + " frame=" + frameOptions.token() + " referrer=" + referrerTokens()
                + " coop=" + openerPolicy.token() + " corp=" + resourcePolicy.token() + " coep=" + embedderPolicy.token()
                + " permissions=" + (permissionsPolicy == null ? "off" : "on") + " cross-domain=" + crossDomainPolicies.token()
                + " no-store=" + noStorePaths + " remove=" + remove;
    }
}

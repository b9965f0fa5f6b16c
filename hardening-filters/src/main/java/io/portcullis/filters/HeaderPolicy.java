package io.portcullis.filters;

import io.portcullis.core.ConfigReader;
import io.portcullis.core.WireToken;
import io.portcullis.filters.HardeningPolicy.ContentTypeOptions;
import io.portcullis.filters.HardeningPolicy.CrossDomainPolicies;
import io.portcullis.filters.HardeningPolicy.EmbedderPolicy;
import io.portcullis.filters.HardeningPolicy.FrameOptions;
import io.portcullis.filters.HardeningPolicy.OpenerPolicy;
import io.portcullis.filters.HardeningPolicy.ReferrerPolicy;
import io.portcullis.filters.HardeningPolicy.ResourcePolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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

    private static final Pattern PERMISSIONS = Pattern.compile(
            "[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\)(\\s*,\\s*[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\))*");

    static final Map<String, String> KEYS = Policies.keys(
            "portcullis.headers.content-type-options", "nosniff",
            "portcullis.headers.frame-options", "DENY",
            "portcullis.headers.referrer-policy", "no-referrer",
            "portcullis.headers.cross-origin-opener-policy", "same-origin",
            "portcullis.headers.cross-origin-resource-policy", "same-origin",
            "portcullis.headers.cross-origin-embedder-policy", "off",
            "portcullis.headers.permissions-policy", HardeningPolicy.DEFAULT_PERMISSIONS_POLICY,
            "portcullis.headers.permitted-cross-domain-policies", "none",
            "portcullis.headers.no-store-paths", "",
            "portcullis.headers.remove", "Server,X-Powered-By");

    static final HeaderPolicy DEFAULTS = new HeaderPolicy(ContentTypeOptions.NOSNIFF, FrameOptions.DENY,
            List.of(ReferrerPolicy.NO_REFERRER), OpenerPolicy.SAME_ORIGIN, ResourcePolicy.SAME_ORIGIN, EmbedderPolicy.OFF,
            HardeningPolicy.DEFAULT_PERMISSIONS_POLICY, CrossDomainPolicies.NONE, List.of(), List.of("Server", "X-Powered-By"));

    HeaderPolicy {
        Objects.requireNonNull(contentTypeOptions, "contentTypeOptions");
        Objects.requireNonNull(frameOptions, "frameOptions");
        Objects.requireNonNull(openerPolicy, "openerPolicy");
        Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        Objects.requireNonNull(embedderPolicy, "embedderPolicy");
        Objects.requireNonNull(crossDomainPolicies, "crossDomainPolicies");
        referrerPolicy = List.copyOf(referrerPolicy);
        noStorePaths = List.copyOf(noStorePaths);
        remove = List.copyOf(remove);
        PathPatterns.of("portcullis.headers.no-store-paths", noStorePaths);
        if (new LinkedHashSet<>(referrerPolicy).size() != referrerPolicy.size()) {
            throw Policies.fail("portcullis.headers.referrer-policy", "must not repeat a token", String.join(",", tokens(referrerPolicy)));
        }
        if (referrerPolicy.contains(ReferrerPolicy.OFF) && referrerPolicy.size() > 1) {
            throw Policies.fail("portcullis.headers.referrer-policy", "off cannot be combined with other tokens",
                    String.join(",", tokens(referrerPolicy)));
        }
        if (permissionsPolicy != null && !PERMISSIONS.matcher(permissionsPolicy).matches()) {
            throw Policies.fail("portcullis.headers.permissions-policy",
                    "must be a list of feature=(allowlist) entries such as camera=(), geolocation=(self), or off", permissionsPolicy);
        }
        for (String h : remove) {
            Policies.checkToken("portcullis.headers.remove", h);
        }
    }

    static HeaderPolicy read(ConfigReader r) {
        HeaderPolicy d = DEFAULTS;
        List<ReferrerPolicy> referrer = new ArrayList<>();
        for (String t : r.list("portcullis.headers.referrer-policy", List.of(ReferrerPolicy.NO_REFERRER.token()))) {
            referrer.add(WireToken.lookup(ReferrerPolicy.class, "portcullis.headers.referrer-policy", t));
        }
        return new HeaderPolicy(
                r.token("portcullis.headers.content-type-options", d.contentTypeOptions, ContentTypeOptions.class),
                r.token("portcullis.headers.frame-options", d.frameOptions, FrameOptions.class),
                referrer,
                r.token("portcullis.headers.cross-origin-opener-policy", d.openerPolicy, OpenerPolicy.class),
                r.token("portcullis.headers.cross-origin-resource-policy", d.resourcePolicy, ResourcePolicy.class),
                r.token("portcullis.headers.cross-origin-embedder-policy", d.embedderPolicy, EmbedderPolicy.class),
                Policies.offToNull(r.string("portcullis.headers.permissions-policy", d.permissionsPolicy)),
                r.token("portcullis.headers.permitted-cross-domain-policies", d.crossDomainPolicies, CrossDomainPolicies.class),
                r.list("portcullis.headers.no-store-paths", d.noStorePaths),
                r.list("portcullis.headers.remove", d.remove));
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

package io.portcullis.filters;

import io.portcullis.core.ConfigReader;
import java.util.Map;

/**
 * Content-Security-Policy settings ({@code portcullis.csp.*}). Both policies are parsed and
 * validated on construction ({@link Csp#parse}); equality is structural on the texts.
 *
 * @param policy                      the enforced policy ({@code {nonce}} marks the nonce), or null
 * @param reportOnly                  the report-only policy, or null (the default)
 * @param dangerouslyDisableDefaultSrc allow a policy without default-src (default false)
 */
record CspPolicy(String policy, String reportOnly, boolean dangerouslyDisableDefaultSrc) {

    static final Map<String, String> KEYS = Policies.keys(
            "portcullis.csp.policy", HardeningPolicy.DEFAULT_CSP,
            "portcullis.csp.report-only-policy", "off",
            "portcullis.csp.dangerously-disable-default-src", "false");

    static final CspPolicy DEFAULTS = new CspPolicy(HardeningPolicy.DEFAULT_CSP, null, false);

    CspPolicy {
        parsed(policy, reportOnly, dangerouslyDisableDefaultSrc);
    }

    static CspPolicy read(ConfigReader r) {
        return new CspPolicy(Policies.offToNull(r.string("portcullis.csp.policy", DEFAULTS.policy)),
                Policies.offToNull(r.string("portcullis.csp.report-only-policy", "off")),
                r.bool("portcullis.csp.dangerously-disable-default-src", false));
    }

    private static Csp[] parsed(String policy, String reportOnly, boolean waiver) {
        return new Csp[] {policy == null ? null : Csp.parse("portcullis.csp.policy", policy, waiver),
                reportOnly == null ? null : Csp.parse("portcullis.csp.report-only-policy", reportOnly, waiver)};
    }

    /** The enforced policy, parsed, or null. */
    Csp enforced() {
        return policy == null ? null : Csp.parse("portcullis.csp.policy", policy, dangerouslyDisableDefaultSrc);
    }

    /** The report-only policy, parsed, or null. */
    Csp reportOnlyParsed() {
        return reportOnly == null ? null : Csp.parse("portcullis.csp.report-only-policy", reportOnly, dangerouslyDisableDefaultSrc);
    }

    @Override
    public String toString() {
        return "csp: " + (policy == null ? "off" : policy) + (reportOnly == null ? "" : " | report-only: " + reportOnly);
    }
}

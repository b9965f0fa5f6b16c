package io.portcullis.filters;

import io.portcullis.core.ConfigReader;

/**
 * Content-Security-Policy settings ({@code portcullis.csp.*}). Both policies are parsed and
 * validated on construction ({@link Csp#parse}); equality is structural on the texts.
 *
 * @param policy                      the enforced policy ({@code {nonce}} marks the nonce), or null
 * @param reportOnly                  the report-only policy, or null (the default)
 * @param dangerouslyDisableDefaultSrc allow a policy without default-src (default false)
 */
record CspPolicy(String policy, String reportOnly, boolean dangerouslyDisableDefaultSrc) {

    static final CspPolicy DEFAULTS = new CspPolicy(HardeningKeys.CSP_POLICY.defaultValue(),
            HardeningKeys.CSP_REPORT_ONLY.defaultValue(), HardeningKeys.CSP_DANGEROUSLY_DISABLE_DEFAULT_SRC.defaultValue());

    CspPolicy {
        parsed(policy, reportOnly, dangerouslyDisableDefaultSrc);
    }

    static CspPolicy read(ConfigReader r) {
        return new CspPolicy(r.get(HardeningKeys.CSP_POLICY), r.get(HardeningKeys.CSP_REPORT_ONLY),
                r.get(HardeningKeys.CSP_DANGEROUSLY_DISABLE_DEFAULT_SRC));
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

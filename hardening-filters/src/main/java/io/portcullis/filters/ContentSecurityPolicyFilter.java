package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Content-Security-Policy and Content-Security-Policy-Report-Only (CSP Level 3) with a lazy
 * per-request nonce ({@link CspNonce}) that appears in the policy only when the page used it.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class ContentSecurityPolicyFilter extends PortcullisFilter {

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public ContentSecurityPolicyFilter() {
        super("ContentSecurityPolicyFilter", EnumSet.of(Part.CSP), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public ContentSecurityPolicyFilter(HardeningPolicy policy) {
        super("ContentSecurityPolicyFilter", EnumSet.of(Part.CSP), Objects.requireNonNull(policy, "policy"));
    }
}

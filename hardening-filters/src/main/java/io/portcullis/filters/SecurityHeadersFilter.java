package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The document security headers (OWASP Secure Headers Project defaults): X-Content-Type-Options,
 * X-Frame-Options, Referrer-Policy, Cross-Origin-Opener/Resource/Embedder-Policy, Permissions-Policy,
 * X-Permitted-Cross-Domain-Policies, Cache-Control: no-store on configured paths, and removal of
 * Server / X-Powered-By. Written just before the response commits; a header the application set is kept.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class SecurityHeadersFilter extends PortcullisFilter {

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public SecurityHeadersFilter() {
        super("SecurityHeadersFilter", EnumSet.of(Part.HEADERS), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public SecurityHeadersFilter(HardeningPolicy policy) {
        super("SecurityHeadersFilter", EnumSet.of(Part.HEADERS), Objects.requireNonNull(policy, "policy"));
    }
}

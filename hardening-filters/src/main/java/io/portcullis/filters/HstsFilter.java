package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Strict-Transport-Security (RFC 6797) on secure responses only (§7.2: never over plain HTTP),
 * default {@code max-age=31536000; includeSubDomains}; an HSTS header the application set is kept.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class HstsFilter extends PortcullisFilter {

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HstsFilter() {
        super("HstsFilter", EnumSet.of(Part.HSTS), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HstsFilter(HardeningPolicy policy) {
        super("HstsFilter", EnumSet.of(Part.HSTS), Objects.requireNonNull(policy, "policy"));
    }
}

package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Hardens every Set-Cookie the application sends, through {@code addCookie} or as a header:
 * Secure, HttpOnly, SameSite, Partitioned and the {@code __Secure-}/{@code __Host-} prefix rules
 * (RFC 6265bis §4.1). The container's session cookie is hardened by {@link SessionCookieHardener}.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class SecureCookieFilter extends PortcullisFilter {

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public SecureCookieFilter() {
        super("SecureCookieFilter", EnumSet.of(Part.COOKIES), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public SecureCookieFilter(HardeningPolicy policy) {
        super("SecureCookieFilter", EnumSet.of(Part.COOKIES), Objects.requireNonNull(policy, "policy"));
    }
}

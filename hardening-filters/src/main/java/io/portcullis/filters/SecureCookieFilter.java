package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
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
public final class SecureCookieFilter implements Filter {

    private final HardeningPolicy given;
    private Engine engine;

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public SecureCookieFilter() {
        this.given = null;
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public SecureCookieFilter(HardeningPolicy policy) {
        this.given = Objects.requireNonNull(policy, "policy");
        this.engine = new Engine(policy, EnumSet.of(Part.COOKIES));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            engine = new Engine(Engine.policyFor(config, given, "SecureCookieFilter"), EnumSet.of(Part.COOKIES));
        }
        engine.logCheck("SecureCookieFilter", config.getServletContext());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (engine == null) {
            throw new ServletException("SecureCookieFilter used before init");
        }
        engine.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        return engine == null ? given : engine.policy();
    }
}

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
 * The document security headers (OWASP Secure Headers Project defaults): X-Content-Type-Options,
 * X-Frame-Options, Referrer-Policy, Cross-Origin-Opener/Resource/Embedder-Policy, Permissions-Policy,
 * X-Permitted-Cross-Domain-Policies, Cache-Control: no-store on configured paths, and removal of
 * Server / X-Powered-By. Written just before the response commits; a header the application set is kept.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class SecurityHeadersFilter implements Filter {

    private final HardeningPolicy given;
    private Engine engine;

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public SecurityHeadersFilter() {
        this.given = null;
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public SecurityHeadersFilter(HardeningPolicy policy) {
        this.given = Objects.requireNonNull(policy, "policy");
        this.engine = new Engine(policy, EnumSet.of(Part.HEADERS));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            engine = new Engine(Engine.policyFor(config, given, "SecurityHeadersFilter"), EnumSet.of(Part.HEADERS));
        }
        engine.logCheck("SecurityHeadersFilter", config.getServletContext());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (engine == null) {
            throw new ServletException("SecurityHeadersFilter used before init");
        }
        engine.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        return engine == null ? given : engine.policy();
    }
}

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
 * Strict-Transport-Security (RFC 6797) on secure responses only (§7.2: never over plain HTTP),
 * default {@code max-age=31536000; includeSubDomains}; an HSTS header the application set is kept.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class HstsFilter implements Filter {

    private final HardeningPolicy given;
    private Engine engine;

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HstsFilter() {
        this.given = null;
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HstsFilter(HardeningPolicy policy) {
        this.given = Objects.requireNonNull(policy, "policy");
        this.engine = new Engine(policy, EnumSet.of(Part.HSTS));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            engine = new Engine(Engine.policyFor(config, given, "HstsFilter"), EnumSet.of(Part.HSTS));
        }
        engine.logCheck("HstsFilter", config.getServletContext());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (engine == null) {
            throw new ServletException("HstsFilter used before init");
        }
        engine.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        return engine == null ? given : engine.policy();
    }
}

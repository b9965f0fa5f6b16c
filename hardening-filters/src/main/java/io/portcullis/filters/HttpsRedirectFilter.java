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
 * Host check and HTTPS redirect (RFC 9110 §15.4): a Host outside {@code portcullis.hosts.allowed}
 * gets 400 {@code HOST_NOT_ALLOWED}; an insecure request (per {@link EffectiveRequest}) gets 301
 * (GET, HEAD) or 308 (other methods, keeping method and body) to {@code https://} the canonical
 * or validated host, the mapped port, and the raw path and query; CR/LF in the target gets 400;
 * a redirect that would loop behind an untrusted proxy gets 500 and a log line.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class HttpsRedirectFilter implements Filter {

    private final HardeningPolicy given;
    private Engine engine;

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HttpsRedirectFilter() {
        this.given = null;
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HttpsRedirectFilter(HardeningPolicy policy) {
        this.given = Objects.requireNonNull(policy, "policy");
        this.engine = new Engine(policy, EnumSet.of(Part.HTTPS));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            engine = new Engine(Engine.policyFor(config, given, "HttpsRedirectFilter"), EnumSet.of(Part.HTTPS));
        }
        engine.logCheck("HttpsRedirectFilter", config.getServletContext());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (engine == null) {
            throw new ServletException("HttpsRedirectFilter used before init");
        }
        engine.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        return engine == null ? given : engine.policy();
    }
}

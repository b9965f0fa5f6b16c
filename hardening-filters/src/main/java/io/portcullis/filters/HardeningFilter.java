package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Every Portcullis protection in one filter, the one web.xml entry most sites need: Host check
 * and HTTPS redirect, HSTS, Set-Cookie hardening, security headers and Content-Security-Policy
 * with a per-request nonce, all deciding from one {@link EffectiveRequest}. At init it logs the
 * effective policy and the {@link DeployCheck} findings as one block.
 *
 * <pre>{@code
 * context.addFilter("portcullis", new HardeningFilter(HardeningPolicy.builder()
 *         .allowedHosts(List.of("example.com", ".example.com"))
 *         .trustedProxies(List.of("10.0.0.0/8"))
 *         .build()))
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>Configured by the {@code portcullis.*} keys ({@link HardeningPolicy#fromSettings}), with
 * the precedence {@code -D} &gt; init-param &gt; properties file. Map it to REQUEST, ERROR and
 * ASYNC dispatches.
 */
public final class HardeningFilter implements Filter {

    private final HardeningPolicy given;
    private Engine engine;
    private ServletContext context;

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HardeningFilter() {
        this.given = null;
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HardeningFilter(HardeningPolicy policy) {
        this.given = Objects.requireNonNull(policy, "policy");
        this.engine = new Engine(policy, EnumSet.of(Part.HTTPS, Part.HSTS, Part.COOKIES, Part.HEADERS, Part.CSP));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine == null) {
            engine = new Engine(Engine.policyFor(config, given, "HardeningFilter"), EnumSet.of(Part.HTTPS, Part.HSTS, Part.COOKIES, Part.HEADERS, Part.CSP));
        }
        context = config.getServletContext();
        engine.logCheck("HardeningFilter", context);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (engine == null) {
            throw new ServletException("HardeningFilter used before init");
        }
        engine.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        return engine == null ? given : engine.policy();
    }

    /**
     * The deploy check of the policy in force and the webapp's session cookie, plus what was
     * seen since start: {@code FORWARDED_FROM_UNTRUSTED_PEER} when a peer that is not a trusted
     * proxy sent Forwarded / X-Forwarded-* headers.
     */
    public List<DeployCheck.Finding> findings() {
        List<DeployCheck.Finding> out = new ArrayList<>(DeployCheck.run(policy(), context));
        if (engine != null && engine.untrustedForwarder() != null) {
            out.add(new DeployCheck.Finding("FORWARDED_FROM_UNTRUSTED_PEER", DeployCheck.Severity.WARNING,
                    "forwarding headers arrived from " + engine.untrustedForwarder() + ", which is not trusted; they were ignored",
                    "portcullis.proxy.trusted"));
        }
        return List.copyOf(out);
    }
}

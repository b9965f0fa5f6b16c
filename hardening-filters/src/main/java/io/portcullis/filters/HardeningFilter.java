package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
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
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC),
 *             false, "/*");
 * }</pre>
 *
 * <p>Configured by the {@code portcullis.*} keys ({@link HardeningPolicy#fromSettings}), with
 * the precedence {@code -D} &gt; init-param &gt; properties file. Map it to REQUEST, ERROR and
 * ASYNC dispatches.
 */
public final class HardeningFilter extends PortcullisFilter {

    /**
     * The context attribute where the application's one {@link HardeningPolicy} is published at
     * init (by this filter, or {@link SecureCookieFilter}); {@link SessionCookieHardener} uses it.
     */
    public static final String POLICY_ATTRIBUTE = "io.portcullis.filters.HardeningPolicy";

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HardeningFilter() {
        super("HardeningFilter", EnumSet.allOf(Part.class), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HardeningFilter(HardeningPolicy policy) {
        super("HardeningFilter", EnumSet.allOf(Part.class), Objects.requireNonNull(policy, "policy"));
    }

    /**
     * The deploy check of the policy in force and the webapp's session cookie, plus what was
     * seen since start: {@code FORWARDED_FROM_UNTRUSTED_PEER} when a peer that is not a trusted
     * proxy sent Forwarded / X-Forwarded-* headers, {@code PROXY_HEADERS_MIXED} when a trusted
     * proxy's requests carried both families, {@code HTTPS_PORT_UNMAPPED} when a plain-HTTP
     * request arrived on a port that {@code portcullis.https.port-map} does not cover,
     * {@code CSRF_MULTIPART_UNPARSED} when csrf's {@code CsrfFilter} received a multipart request
     * that {@code UploadGuardFilter} had not parsed (mapped after it, or not on that path).
     */
    public List<DeployCheck.Finding> findings() {
        List<DeployCheck.Finding> out = new ArrayList<>(DeployCheck.run(policy(), context()));
        if (engine() != null) {
            out.addAll(engine().runtimeFindings());
        }
        return List.copyOf(out);
    }
}

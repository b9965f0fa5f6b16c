package io.portcullis.demo;

import io.portcullis.filters.DeployCheck;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.SessionCookieHardener;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** Puts hardening-filters' {@link HardeningFilter} in front of the whole demo. */
final class Hardening {

    /** The hosts the demo answers to; anything else gets 400 HOST_NOT_ALLOWED. */
    static final List<String> ALLOWED_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

    /**
     * The demo's CSP: nothing by default ({@code default-src 'none'}), and only what its pages use:
     * the nonce'd inline style (the placeholder becomes {@code 'none'} on an answer without one, a
     * problem+json), no script, images from itself (the favicon), forms to itself. The security
     * report, the one page with a script, sets its own ({@link #SECURITY_PAGE_CSP}): its nonce'd
     * script and {@code connect-src 'self'} for its live-headers fetch.
     */
    static final String CSP = "default-src 'none'; script-src 'none'; style-src {nonce}; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** {@link #CSP} plus the fetch of the security report; {@code %s} is the page's nonce source. */
    static final String SECURITY_PAGE_CSP = "default-src 'none'; script-src %s; style-src %s; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Hardening() {
    }

    /**
     * The demo's policy: the library defaults, plus its own hosts, the trusted proxies from
     * {@code --trusted-proxies} and the port map {@code httpPort → httpsPort}.
     *
     * @throws io.portcullis.core.ConfigException when a value is refused (e.g. a bad CIDR)
     */
    static HardeningPolicy policy(DemoConfig config, int httpPort, int httpsPort) {
        return HardeningPolicy.builder()
                .allowedHosts(ALLOWED_HOSTS)
                .trustedProxies(config.trustedProxies())
                .portMap(Map.of(httpPort, httpsPort))
                .contentSecurityPolicy(CSP)
                .logDeployCheck(false)
                .build();
    }

    /** Installs the filter and hardens the session cookie; returns the filter, or null when off. */
    static HardeningFilter install(ServletContextHandler context, DemoConfig config, int httpPort, int httpsPort) {
        if (!config.hardening()) {
            return null;
        }
        HardeningPolicy policy;
        try {
            policy = policy(config, httpPort, httpsPort);
        } catch (IllegalArgumentException e) {
            throw new DemoStartException(e.getMessage(), e);
        }
        HardeningFilter filter = new HardeningFilter(policy);
        FilterHolder holder = new FilterHolder(filter);
        holder.setName("portcullis");
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
        SessionCookieHardener.harden(context.getServletContext(), policy);
        return filter;
    }

    /** The deploy self-check as HTML for the security report. */
    static String deployCheckHtml(HardeningFilter filter) {
        if (filter == null) {
            return "<p class=\"bad\" id=\"deploy-check\">Hardening is off (--hardening off): nothing protects this app.</p>";
        }
        List<DeployCheck.Finding> findings = filter.findings();
        if (findings.isEmpty()) {
            return "<p class=\"ok\" id=\"deploy-check\">No findings.</p>";
        }
        StringBuilder b = new StringBuilder("<table id=\"deploy-check\"><thead><tr><th>Severity</th><th>Id</th>"
                + "<th>Finding</th><th>Key</th></tr></thead><tbody>");
        for (DeployCheck.Finding f : findings) {
            b.append("<tr class=\"").append(f.severity() == DeployCheck.Severity.ERROR ? "bad" : "")
                    .append("\"><td>").append(Html.esc(f.severity().name())).append("</td><td><code>")
                    .append(Html.esc(f.id())).append("</code></td><td>").append(Html.esc(f.message()))
                    .append("</td><td><code>").append(Html.esc(f.key())).append("</code></td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}

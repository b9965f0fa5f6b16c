package io.portcullis.boot;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The registered filter: a {@link HardeningFilter} that can be replaced once the server has opened
 * its connectors and the redirect port map is known (with {@code server.port=0} the ports exist
 * only then). Every request goes to the current one.
 */
final class HardeningFilterDelegate implements Filter {

    private volatile HardeningFilter current;
    private volatile FilterConfig config;

    HardeningFilterDelegate(HardeningPolicy policy) {
        this.current = new HardeningFilter(policy);
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        this.config = filterConfig;
        current.init(filterConfig);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException,
            ServletException {
        current.doFilter(request, response, chain);
    }

    /** Switches to {@code policy} (its deploy check is not logged again). */
    void replace(HardeningPolicy policy) throws ServletException {
        HardeningFilter next = new HardeningFilter(policy.toBuilder().logDeployCheck(false).build());
        FilterConfig c = config;
        if (c != null) {
            next.init(c);
        }
        current = next;
    }

    HardeningPolicy policy() {
        return current.policy();
    }
}

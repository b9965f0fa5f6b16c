package io.portcullis.boot;

import io.portcullis.csrf.CsrfFilter;
import io.portcullis.csrf.CsrfPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Portcullis' {@link CsrfFilter}, standing aside for every request that Spring Security's own CSRF
 * protection will check (the first security filter chain matching the request has Spring's
 * {@code CsrfFilter}), so a request is never held to two token schemes at once.
 */
final class YieldingCsrfFilter implements Filter {

    private final CsrfFilter filter;
    private final Predicate<HttpServletRequest> springChecks;

    YieldingCsrfFilter(CsrfPolicy policy, Predicate<HttpServletRequest> springChecks) {
        this.filter = new CsrfFilter(policy);
        this.springChecks = springChecks;
    }

    @Override
    public void init(FilterConfig config) {
        filter.init(config);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException,
            ServletException {
        if (req instanceof HttpServletRequest request && springChecks.test(request)) {
            chain.doFilter(req, res);
            return;
        }
        filter.doFilter(req, res, chain);
    }
}

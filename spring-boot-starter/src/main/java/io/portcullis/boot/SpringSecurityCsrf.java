package io.portcullis.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Whether Spring Security's CSRF protection checks a request: the first of Spring Security's filter
 * chains that matches it (as {@code FilterChainProxy} picks it) contains Spring's
 * {@link CsrfFilter}. Logs once at start which protection is in charge.
 */
final class SpringSecurityCsrf implements Predicate<HttpServletRequest>, SmartInitializingSingleton {

    private static final System.Logger LOG = System.getLogger(SpringSecurityCsrf.class.getName());

    /** The bean name Spring Security gives its {@code FilterChainProxy}. */
    static final String BEAN = "springSecurityFilterChain";

    private final BeanFactory beans;
    private volatile List<SecurityFilterChain> chains;

    SpringSecurityCsrf(BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public boolean test(HttpServletRequest request) {
        List<SecurityFilterChain> c = chains();
        for (SecurityFilterChain chain : c) {
            if (chain.matches(request)) {
                return hasCsrf(chain);
            }
        }
        return false;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<SecurityFilterChain> c = chains();
        long withCsrf = c.stream().filter(SpringSecurityCsrf::hasCsrf).count();
        if (c.isEmpty()) {
            return;
        }
        if (withCsrf == c.size()) {
            LOG.log(Level.INFO, "Portcullis CsrfFilter stands aside: Spring Security's CSRF protection is on in every "
                    + "security filter chain (" + c.size() + "); portcullis.csrf.* keys apply to no request");
        } else if (withCsrf > 0) {
            LOG.log(Level.INFO, "Portcullis CsrfFilter stands aside for the " + withCsrf + " of " + c.size()
                    + " security filter chains that have Spring Security's CSRF protection, and checks the requests of "
                    + "the others");
        } else {
            LOG.log(Level.INFO, "Portcullis CsrfFilter checks every request: Spring Security's CSRF protection is off");
        }
    }

    private List<SecurityFilterChain> chains() {
        List<SecurityFilterChain> c = chains;
        if (c == null) {
            Object p = beans.containsBean(BEAN) ? beans.getBean(BEAN) : null;
            c = p instanceof FilterChainProxy fcp ? fcp.getFilterChains() : List.of();
            chains = c;
        }
        return c;
    }

    private static boolean hasCsrf(SecurityFilterChain chain) {
        return chain.getFilters().stream().anyMatch(CsrfFilter.class::isInstance);
    }
}

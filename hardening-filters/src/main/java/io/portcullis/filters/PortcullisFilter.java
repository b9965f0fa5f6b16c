package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import io.portcullis.core.StartupFailure;
import io.portcullis.filters.Engine.Part;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one base of {@link HardeningFilter} and the à-la-carte filters: a filter is a name and the
 * set of {@link Part}s it applies. The policy comes from code (constructor) or, for the no-arg
 * constructor used by web.xml, from init-params, the properties file and {@code -D} at
 * {@link #init}; either way the deploy check is logged at init.
 */
abstract class PortcullisFilter implements Filter {

    private final String name;
    private final Set<Part> parts;
    private final HardeningPolicy given;
    private volatile Engine engine;
    private volatile ServletContext context;

    PortcullisFilter(String name, Set<Part> parts, HardeningPolicy given) {
        this.name = name;
        this.parts = EnumSet.copyOf(parts);
        this.given = given;
        this.engine = given == null ? null : new Engine(given, this.parts);
    }

    /**
     * Reads the policy (unless given in code), makes it the application's one policy
     * ({@link ApplicationPolicy}: no other source may set a key to another value; the session
     * cookie gets the same cookie policy) and logs the deploy check. A configuration error is
     * logged as one line and fails the filter.
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        context = config.getServletContext();
        try {
            HardeningPolicy policy = given != null ? given : HardeningPolicy.fromSettings(Settings.from(config));
            ApplicationPolicy.establish(config, policy, given != null, parts.contains(Part.COOKIES), name);
            if (engine == null) {
                engine = new Engine(policy, parts);
            }
        } catch (ConfigException e) {
            throw new ServletException(name + ": " + e.getMessage(), StartupFailure.report(Engine.LOG, context, name, e));
        }
        engine.logCheck(name, context);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Engine e = engine;
        if (e == null) {
            throw new ServletException(name + " used before init");
        }
        e.doFilter(request, response, chain);
    }

    /** The policy in force (after init when configured from web.xml). */
    public HardeningPolicy policy() {
        Engine e = engine;
        return e == null ? given : e.policy();
    }

    Engine engine() {
        return engine;
    }

    ServletContext context() {
        return context;
    }
}

package io.portcullis.filters;

import io.portcullis.core.Settings;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Hardens the container's own session cookie ({@code JSESSIONID}), which Jetty and Tomcat write
 * without passing through any response wrapper: {@code Secure} (unless
 * {@code portcullis.cookies.secure=off}), {@code HttpOnly} and {@code SameSite} (the configured
 * default, or the override for the session cookie's name) through {@link SessionCookieConfig}
 * (Servlet 6.0 §7.1.1, {@code setAttribute}). Reads the same keys as the filters: context
 * params, the properties file and {@code -D}; {@code portcullis.cookies.session=false} turns it off.
 *
 * <p>Registered as a {@link ServletContainerInitializer} in {@code META-INF/services}; where a
 * container does not scan for initializers, declare it as a {@code <listener>} in web.xml.
 * Running twice is harmless.
 */
public final class SessionCookieHardener implements ServletContainerInitializer, ServletContextListener {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        harden(context);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        harden(event.getServletContext());
    }

    /**
     * Applies the policy read from the context's settings to its session cookie configuration.
     *
     * @throws io.portcullis.core.ConfigException when the settings are invalid (the webapp must not start)
     */
    public static void harden(ServletContext context) {
        harden(context, HardeningPolicy.fromSettings(Settings.from(context)));
    }

    /** Applies {@code policy} to the context's session cookie configuration. */
    public static void harden(ServletContext context, HardeningPolicy policy) {
        SessionCookieConfig config = context.getSessionCookieConfig();
        if (!policy.sessionCookie() || config == null) { // null: a context without session support
            return;
        }
        if (policy.cookieSecure() != HardeningPolicy.CookieSecure.OFF) {
            config.setSecure(true);
        }
        if (policy.cookieHttpOnly()) {
            config.setHttpOnly(true);
        }
        String name = config.getName() == null ? "JSESSIONID" : config.getName();
        HardeningPolicy.SameSite sameSite = policy.cookieSameSiteOverrides().getOrDefault(name, policy.cookieSameSite());
        if (sameSite != HardeningPolicy.SameSite.OFF) {
            config.setAttribute("SameSite", sameSite.token());
        }
        if (policy.cookiePartitioned()) {
            config.setAttribute("Partitioned", "");
        }
        Engine.LOG.log(Level.DEBUG, "Portcullis hardened the session cookie of " + context.getContextPath());
    }
}

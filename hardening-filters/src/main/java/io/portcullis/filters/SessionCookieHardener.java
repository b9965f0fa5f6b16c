package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import io.portcullis.core.StartupFailure;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hardens the container's own session cookie ({@code JSESSIONID}), which Jetty and Tomcat write
 * without passing through any response wrapper: {@code Secure} (unless
 * {@code portcullis.cookies.secure=off}), {@code HttpOnly} and {@code SameSite} (the configured
 * default, or the override for the session cookie's name) through {@link SessionCookieConfig}
 * (Servlet 6.0 §7.1.1, {@code setAttribute}), and session ids in the cookie only (no
 * {@code ;jsessionid=} in URLs) unless the application chose its tracking modes;
 * {@code portcullis.cookies.session=false} turns it off.
 *
 * <p>One policy per application: {@link HardeningFilter} (and {@link SecureCookieFilter}) apply
 * their own effective policy — from a builder, init-params, the properties file or {@code -D} —
 * to the session cookie at init, and publish it as {@link HardeningFilter#POLICY_ATTRIBUTE}.
 * Registered as a {@link ServletContainerInitializer} in {@code META-INF/services}, this class
 * runs earlier and hardens the session cookie from context params, the properties file and
 * {@code -D}, so an application without a Portcullis filter is covered too; where a container
 * does not scan for initializers, declare it as a {@code <listener>} in web.xml. A key set there
 * to another value than the filter's policy stops the start with a message naming both sources.
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
     * Applies the application's policy to its session cookie configuration: the one a Portcullis
     * filter published, else the one read from the context's settings. A configuration error is
     * logged as one line ({@code SessionCookieHardener not started: …}) and thrown.
     *
     * @throws io.portcullis.core.ConfigException when the settings are invalid (the webapp must not start)
     */
    public static void harden(ServletContext context) {
        Object published = context.getAttribute(HardeningFilter.POLICY_ATTRIBUTE);
        HardeningPolicy policy;
        try {
            policy = published instanceof HardeningPolicy p ? p : HardeningPolicy.fromSettings(Settings.from(context));
        } catch (ConfigException e) {
            throw StartupFailure.report(Engine.LOG, context, "SessionCookieHardener", e);
        }
        harden(context, policy);
    }

    /** Applies {@code policy} to the context's session cookie configuration. */
    public static void harden(ServletContext context, HardeningPolicy policy) {
        apply(context, policy, "SessionCookieHardener");
    }

    /**
     * Applies {@code policy}; when the container no longer accepts changes (the context has
     * started), checks that the session cookie already has what the policy asks.
     *
     * @throws ConfigException when it cannot be applied and the cookie lacks an attribute
     */
    static void apply(ServletContext context, HardeningPolicy policy, String who) {
        SessionCookieConfig config = context.getSessionCookieConfig();
        if (!policy.sessionCookie() || config == null) { // null: a context without session support
            return;
        }
        String name = config.getName() == null ? "JSESSIONID" : config.getName();
        HardeningPolicy.SameSite sameSite = policy.cookieSameSiteOverrides().getOrDefault(name, policy.cookieSameSite());
        boolean secure = policy.cookieSecure() != HardeningPolicy.CookieSecure.OFF;
        try {
            if (secure) {
                config.setSecure(true);
            }
            if (policy.cookieHttpOnly()) {
                config.setHttpOnly(true);
            }
            if (sameSite != HardeningPolicy.SameSite.OFF) {
                config.setAttribute("SameSite", sameSite.token());
            }
            if (policy.cookiePartitioned()) {
                config.setAttribute("Partitioned", "");
            }
            cookieOnlyTracking(context);
        } catch (IllegalStateException e) { // the context has started: only check
            boolean ok = (!secure || config.isSecure()) && (!policy.cookieHttpOnly() || config.isHttpOnly())
                    && (sameSite == HardeningPolicy.SameSite.OFF || sameSite.token().equalsIgnoreCase(config.getAttribute("SameSite")))
                    && (!policy.cookiePartitioned() || config.getAttribute("Partitioned") != null);
            if (!ok) {
                throw new ConfigException(who + " started after the context, when the session cookie " + name
                        + " can no longer be changed, and it does not have the policy's attributes (Secure=" + secure
                        + ", HttpOnly=" + policy.cookieHttpOnly() + ", SameSite=" + sameSite.token()
                        + "); start the filter with the context (not lazily)");
            }
            return;
        }
        Engine.LOG.log(Level.DEBUG, "Portcullis hardened the session cookie of " + context.getContextPath() + " (" + who + ")");
    }

    /**
     * Session ids travel in the cookie only, when the application left the container's default
     * tracking modes (Jetty and Tomcat: cookie and URL, Tomcat also SSL): with URL tracking on,
     * {@code encodeURL}/{@code encodeRedirectURL} (JSTL {@code <c:url>}, JSF, frameworks) write
     * {@code ;jsessionid=…} into every link of a new session's page — readable by any script,
     * whatever HttpOnly says, and kept in logs and history — and a {@code ;jsessionid=} in a link
     * someone else sent is accepted (session fixation; OWASP Session Management Cheat Sheet).
     * Modes the application chose ({@code <tracking-mode>} in web.xml) are left as they are.
     */
    private static void cookieOnlyTracking(ServletContext context) {
        Set<SessionTrackingMode> effective = context.getEffectiveSessionTrackingModes();
        if (effective.contains(SessionTrackingMode.URL) && effective.contains(SessionTrackingMode.COOKIE)
                && effective.equals(context.getDefaultSessionTrackingModes())) {
            // SSL cannot be combined with another mode (Tomcat refuses it): cookie alone
            context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        }
    }
}

package io.portcullis.core;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A Portcullis component that cannot start says why in one line, in the log users read
 * ({@link System.Logger}: catalina.out on Tomcat, the console on Jetty and Spring Boot), before
 * the container's own report and stack trace, which Tomcat writes to its localhost log for a
 * filter; and it marks the context, so a later component does not add a misleading finding
 * (a session cookie "not hardened" after the hardener itself failed).
 */
public final class StartupFailure {

    /** The context attribute holding the first failure: {@code "<component>: <message>"}. */
    public static final String ATTRIBUTE = "io.portcullis.startup-failure";

    private StartupFailure() {
    }

    /**
     * Logs {@code "Portcullis <component> not started: <message>"} at ERROR on {@code log} and
     * marks {@code context} (may be null).
     *
     * @return {@code e}, to throw
     */
    public static <E extends RuntimeException> E report(Logger log, ServletContext context, String component, E e) {
        log.log(Level.ERROR, "Portcullis " + component + " not started: " + e.getMessage());
        if (context != null) {
            try {
                if (context.getAttribute(ATTRIBUTE) == null) {
                    context.setAttribute(ATTRIBUTE, component + ": " + e.getMessage());
                }
            } catch (RuntimeException ignored) { // a context that refuses attributes: the log line is what counts
            }
        }
        return e;
    }

    /** Whether a Portcullis component of this context already failed to start. */
    public static boolean failed(ServletContext context) {
        try {
            return context != null && context.getAttribute(ATTRIBUTE) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

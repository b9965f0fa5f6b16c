package io.portcullis.testkit;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes an application really has, read from the running application rather than copied
 * by hand: every servlet mapping and every filter mapping other than {@code /*} of the
 * {@link ServletContext}, and — when a servlet is Spring's {@code DispatcherServlet} and Spring is
 * on the class path — every Spring MVC handler mapping in its place, with the HTTP methods each
 * declares. Servlet and filter mappings declare no method, so each yields one route per method
 * of {@code servletMethods} (default GET and POST).
 */
public final class Routes {

    static final String DISPATCHER = "org.springframework.web.servlet.DispatcherServlet";

    private Routes() {
    }

    /** Every route of {@code context}, servlet mappings tried with GET and POST. */
    public static List<Route> of(ServletContext context) {
        return of(context, List.of("GET", "POST"));
    }

    /** Every route of {@code context}; servlet and filter mappings yield one route per method in {@code servletMethods}. */
    public static List<Route> of(ServletContext context, List<String> servletMethods) {
        Map<String, Route> out = new LinkedHashMap<>();
        Map<String, ? extends ServletRegistration> servlets = new TreeMap<>(context.getServletRegistrations());
        for (ServletRegistration reg : servlets.values()) {
            List<Route> spring = isDispatcher(reg) ? SpringRoutes.of(context, reg) : List.of();
            if (!spring.isEmpty()) {
                spring.forEach(r -> out.putIfAbsent(r.key(), r));
                continue;
            }
            for (String mapping : reg.getMappings()) {
                for (String m : servletMethods) {
                    Route r = new Route(m, mapping.isEmpty() ? "/" : mapping, "servlet " + reg.getName());
                    out.putIfAbsent(r.key(), r);
                }
            }
        }
        Map<String, ? extends FilterRegistration> filters = new TreeMap<>(context.getFilterRegistrations());
        for (FilterRegistration reg : filters.values()) {
            for (String mapping : reg.getUrlPatternMappings()) {
                if (mapping.equals("/*") || mapping.equals("/")) {
                    continue;
                }
                for (String m : servletMethods) {
                    Route r = new Route(m, mapping, "filter " + reg.getName());
                    out.putIfAbsent(r.key(), r);
                }
            }
        }
        return List.copyOf(new ArrayList<>(out.values()));
    }

    private static boolean isDispatcher(ServletRegistration reg) {
        String cls = reg.getClassName();
        if (cls == null) {
            return false;
        }
        if (cls.equals(DISPATCHER)) {
            return true;
        }
        try {
            Class<?> c = Class.forName(cls, false, Thread.currentThread().getContextClassLoader());
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                if (k.getName().equals(DISPATCHER)) {
                    return true;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return false;
    }
}

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
 * of {@code servletMethods} (default GET and POST), plus, for an {@code HttpServlet}, each method it
 * declares a {@code doXxx} handler for.
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
            String cls = String.valueOf(reg.getClassName());
            if (cls.startsWith("org.eclipse.jetty.") && cls.endsWith("$Default404Servlet")) {
                continue; // Jetty's stand-in when nothing maps "/": it answers 404, the application has no such route
            }
            List<Route> spring = isDispatcher(reg) ? SpringRoutes.of(context, reg) : List.of();
            if (!spring.isEmpty()) {
                spring.forEach(r -> out.putIfAbsent(r.key(), r));
                continue;
            }
            List<String> methods = methods(context, reg, servletMethods);
            for (String mapping : reg.getMappings()) {
                for (String m : methods) {
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

    /**
     * {@code defaults} plus every method an {@code HttpServlet} subclass declares a handler for
     * ({@code doPut}, {@code doDelete}, {@code doPatch}, {@code doGet}, {@code doPost}): a rule that
     * names GET and POST only (a {@code <security-constraint>} with {@code <http-method>} entries, a
     * filter that checks those two) leaves the servlet's {@code doDelete} open to anyone. A servlet
     * that overrides {@code service} declares nothing and gets {@code defaults}; the containers' own
     * servlets (Tomcat's and Jetty's default servlets) too.
     */
    static List<String> methods(ServletContext context, ServletRegistration reg, List<String> defaults) {
        Class<?> c = load(reg.getClassName(), context);
        if (c == null || c.getName().startsWith("org.apache.catalina.")
                || c.getName().startsWith("org.eclipse.jetty.")) {
            return defaults;
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>(defaults);
        for (Class<?> k = c; k != null && !k.getName().equals("jakarta.servlet.http.HttpServlet"); k = k.getSuperclass()) {
            for (java.lang.reflect.Method m : k.getDeclaredMethods()) {
                String method = switch (m.getName()) {
                    case "doGet" -> "GET";
                    case "doPost" -> "POST";
                    case "doPut" -> "PUT";
                    case "doDelete" -> "DELETE";
                    case "doPatch" -> "PATCH";
                    default -> null;
                };
                if (method != null && m.getParameterCount() == 2) {
                    out.add(method);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Class<?> load(String name, ServletContext context) {
        if (name == null) {
            return null;
        }
        ClassLoader app;
        try {
            app = context.getClassLoader();
        } catch (RuntimeException e) {
            app = null;
        }
        for (ClassLoader loader : new ClassLoader[] {app, Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // try the next loader
            }
        }
        return null;
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

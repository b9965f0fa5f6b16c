package io.portcullis.testkit;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Spring MVC's handler mappings, read by reflection so that Spring is no dependency of the kit:
 * the {@code WebApplicationContext} a {@code DispatcherServlet} publishes in the servlet context,
 * its {@code RequestMappingInfoHandlerMapping} beans ({@code @RequestMapping} and friends, with
 * their methods; none declared means every method, tried as GET and POST) and its
 * {@code AbstractUrlHandlerMapping} beans (view controllers, resource handlers: GET).
 */
final class SpringRoutes {

    private static final String CONTEXT_PREFIX = "org.springframework.web.servlet.FrameworkServlet.CONTEXT.";
    private static final String ROOT = "org.springframework.web.context.WebApplicationContext.ROOT";

    private SpringRoutes() {
    }

    static List<Route> of(ServletContext servletContext, ServletRegistration dispatcher) {
        Object ctx = servletContext.getAttribute(CONTEXT_PREFIX + dispatcher.getName());
        if (ctx == null) {
            ctx = servletContext.getAttribute(ROOT);
        }
        if (ctx == null) {
            return List.of();
        }
        String prefix = prefix(dispatcher.getMappings());
        List<Route> out = new ArrayList<>();
        try {
            ClassLoader cl = ctx.getClass().getClassLoader();
            Method beansOfType = ctx.getClass().getMethod("getBeansOfType", Class.class);
            Class<?> infoMapping = Class.forName("org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping", false, cl);
            for (Object mapping : ((Map<?, ?>) beansOfType.invoke(ctx, infoMapping)).values()) {
                Map<?, ?> handlers = (Map<?, ?>) infoMapping.getMethod("getHandlerMethods").invoke(mapping);
                for (Map.Entry<?, ?> e : handlers.entrySet()) {
                    Object info = e.getKey();
                    Collection<?> patterns = (Collection<?>) info.getClass().getMethod("getPatternValues").invoke(info);
                    Object condition = info.getClass().getMethod("getMethodsCondition").invoke(info);
                    Collection<?> methods = (Collection<?>) condition.getClass().getMethod("getMethods").invoke(condition);
                    List<String> ms = methods.isEmpty() ? List.of("GET", "POST") : methods.stream().map(Object::toString).toList();
                    for (Object p : new TreeSet<>(patterns.stream().map(Object::toString).toList())) {
                        for (String m : ms) {
                            out.add(new Route(m, prefix + p, "spring " + e.getValue()));
                        }
                    }
                }
            }
            Class<?> urlMapping = Class.forName("org.springframework.web.servlet.handler.AbstractUrlHandlerMapping", false, cl);
            for (Object mapping : ((Map<?, ?>) beansOfType.invoke(ctx, urlMapping)).values()) {
                Map<?, ?> handlers = (Map<?, ?>) urlMapping.getMethod("getHandlerMap").invoke(mapping);
                for (Map.Entry<?, ?> e : handlers.entrySet()) {
                    out.add(new Route("GET", prefix + e.getKey(), "spring " + e.getValue()));
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot read Spring MVC's handler mappings of servlet " + dispatcher.getName()
                    + " (" + e + "); pass the routes to RouteAudit yourself", e);
        }
        return out;
    }

    private static String prefix(Collection<String> mappings) {
        for (String m : mappings) {
            if (m.endsWith("/*") && m.length() > 2) {
                return m.substring(0, m.length() - 2);
            }
        }
        return "";
    }
}

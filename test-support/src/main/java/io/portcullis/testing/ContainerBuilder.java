package io.portcullis.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one fluent builder shared by {@link EmbeddedJetty#builder()} and
 * {@link EmbeddedTomcat#builder()}: describe the application once, {@link #start()} it on the
 * container the builder came from.
 *
 * <p>Filters, servlets, listeners and context parameters added here are registered through the
 * standard {@link ServletContext} API from a {@link ServletContainerInitializer} that runs before
 * any listener or filter is initialised, so both containers see exactly the same registrations.
 * Filters are mapped for every dispatcher type (REQUEST, FORWARD, INCLUDE, ERROR, ASYNC) after any
 * filter declared in {@code web.xml}; filters and servlets are async-supported.
 *
 * <p>{@link #start()} throws when the application did not start, e.g. because a filter threw in
 * {@code init} (both containers would otherwise log and answer 404/503).
 */
public final class ContainerBuilder {

    /** Starts a described application on one container. */
    @FunctionalInterface
    interface Starter {
        TestServer start(ContainerBuilder spec) throws Exception;
    }

    record FilterSpec(String name, Filter filter, String urlPattern, Map<String, String> initParams) {
    }

    record ServletSpec(String name, Servlet servlet, String urlPattern) {
    }

    record InitializerSpec(ServletContainerInitializer initializer, Set<Class<?>> classes) {
    }

    private final Starter starter;
    private String contextPath = "";
    private final List<FilterSpec> filters = new ArrayList<>();
    private final List<ServletSpec> servlets = new ArrayList<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private final List<InitializerSpec> initializers = new ArrayList<>();
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final Map<Integer, String> errorPages = new LinkedHashMap<>();
    private SelfSignedCertificate certificate;
    private Path webapp;
    private boolean containerForwarding;

    ContainerBuilder(Starter starter) {
        this.starter = starter;
    }

    /** Context path, {@code ""} (the default) for the root context, else like {@code /app}. */
    public ContainerBuilder contextPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.equals("/")) {
            path = "";
        }
        if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
            throw new IllegalArgumentException("context path must be \"\" or start with / and not end with /; got \""
                    + path + "\"");
        }
        this.contextPath = path;
        return this;
    }

    /** Adds a filter mapped to {@code urlPattern} for all dispatcher types, with init params. */
    public ContainerBuilder filter(String name, Filter filter, String urlPattern, Map<String, String> initParams) {
        filters.add(new FilterSpec(Objects.requireNonNull(name, "name"), Objects.requireNonNull(filter, "filter"),
                Objects.requireNonNull(urlPattern, "urlPattern"), Map.copyOf(initParams)));
        return this;
    }

    /** Adds a filter mapped to {@code urlPattern} for all dispatcher types, no init params. */
    public ContainerBuilder filter(String name, Filter filter, String urlPattern) {
        return filter(name, filter, urlPattern, Map.of());
    }

    /** Adds an async-supported servlet mapped to {@code urlPattern}. */
    public ContainerBuilder servlet(String name, Servlet servlet, String urlPattern) {
        servlets.add(new ServletSpec(Objects.requireNonNull(name, "name"), Objects.requireNonNull(servlet, "servlet"),
                Objects.requireNonNull(urlPattern, "urlPattern")));
        return this;
    }

    /** Adds a listener (any type {@link ServletContext#addListener(EventListener)} accepts). */
    public ContainerBuilder listener(EventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds an initializer, called with {@code classes} (may be empty) at startup. */
    public ContainerBuilder initializer(ServletContainerInitializer initializer, Set<Class<?>> classes) {
        initializers.add(new InitializerSpec(Objects.requireNonNull(initializer, "initializer"), Set.copyOf(classes)));
        return this;
    }

    /** Sets a context init parameter ({@code <context-param>}). */
    public ContainerBuilder contextParam(String name, String value) {
        contextParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Maps an error status to a location inside the application, e.g. {@code 404 -> /error}. */
    public ContainerBuilder errorPage(int status, String location) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error page status must be 400..599; got " + status);
        }
        errorPages.put(status, Objects.requireNonNull(location, "location"));
        return this;
    }

    /** Adds a TLS connector (in addition to plain HTTP) using the certificate's PKCS#12 key store. */
    public ContainerBuilder https(SelfSignedCertificate certificate) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        return this;
    }

    /**
     * Makes the container itself apply {@code X-Forwarded-*} before any filter, as
     * Spring Boot's {@code server.forward-headers-strategy=native} does: Jetty's
     * {@code ForwardedRequestCustomizer} on the plain connector, Tomcat's {@code RemoteIpValve}
     * (default internal proxies, which include 127.0.0.0/8; {@code X-Forwarded-Host} and
     * {@code X-Forwarded-Port} read too, as Boot configures it).
     */
    public ContainerBuilder containerAppliesForwardedHeaders() {
        this.containerForwarding = true;
        return this;
    }

    /**
     * Deploys an exploded web application directory holding {@code WEB-INF/web.xml} (and e.g.
     * {@code WEB-INF/classes/portcullis.properties}). Classes are loaded parent first from the
     * test class path, so filters named in {@code web.xml} are the test's own classes;
     * {@link ServletContainerInitializer}s listed in {@code META-INF/services} on the class path
     * are run, as a container deploying a war would. Resources are also looked up parent first:
     * keep {@code portcullis.properties} out of the test class path root when the webapp
     * carries its own.
     */
    public ContainerBuilder webapp(Path dir) {
        if (!Files.isRegularFile(dir.resolve("WEB-INF/web.xml"))) {
            throw new IllegalArgumentException("not a webapp directory (no WEB-INF/web.xml): " + dir);
        }
        this.webapp = dir.toAbsolutePath();
        return this;
    }

    /**
     * Starts the container and the application.
     *
     * @throws IllegalStateException when the application failed to start (cause attached when
     *         the container reported one)
     */
    public TestServer start() {
        try {
            return starter.start(this);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("container failed to start: " + e, e);
        }
    }

    String contextPath() {
        return contextPath;
    }

    List<InitializerSpec> initializers() {
        return List.copyOf(initializers);
    }

    Map<Integer, String> errorPages() {
        return Map.copyOf(errorPages);
    }

    SelfSignedCertificate certificate() {
        return certificate;
    }

    Path webapp() {
        return webapp;
    }

    boolean containerForwarding() {
        return containerForwarding;
    }

    /** The initializer that registers everything added through this builder. */
    ServletContainerInitializer registrations() {
        List<FilterSpec> f = List.copyOf(filters);
        List<ServletSpec> s = List.copyOf(servlets);
        List<EventListener> l = List.copyOf(listeners);
        Map<String, String> p = new LinkedHashMap<>(contextParams);
        return (classes, ctx) -> {
            p.forEach((k, v) -> {
                if (!ctx.setInitParameter(k, v)) {
                    throw new IllegalStateException("context param " + k + " is already set (web.xml?)");
                }
            });
            for (EventListener listener : l) {
                ctx.addListener(listener);
            }
            for (FilterSpec spec : f) {
                FilterRegistration.Dynamic reg = ctx.addFilter(spec.name(), spec.filter());
                if (reg == null) {
                    throw new IllegalStateException("duplicate filter name " + spec.name());
                }
                reg.setAsyncSupported(true);
                reg.setInitParameters(spec.initParams());
                reg.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, spec.urlPattern());
            }
            for (ServletSpec spec : s) {
                ServletRegistration.Dynamic reg = ctx.addServlet(spec.name(), spec.servlet());
                if (reg == null) {
                    throw new IllegalStateException("duplicate servlet name " + spec.name());
                }
                reg.setAsyncSupported(true);
                Set<String> conflicts = reg.addMapping(spec.urlPattern());
                if (!conflicts.isEmpty()) {
                    throw new IllegalStateException("url pattern " + spec.urlPattern() + " already mapped");
                }
            }
        };
    }
}

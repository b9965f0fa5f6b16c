package io.portcullis.testing;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.ServiceLoader;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Embedded Jetty 12 (ee10) for tests: a {@link ServletContextHandler}, or a {@link WebAppContext}
 * for {@link ContainerBuilder#webapp(java.nio.file.Path)}, on {@code 127.0.0.1} with ephemeral
 * ports. The {@link HttpConfiguration} keeps Jetty's defaults (so the {@code Server} header is
 * sent as Jetty normally does).
 *
 * <p>For a webapp, {@code setParentLoaderPriority(true)} makes the test class path win, and
 * {@code setThrowUnavailableOnStartupException(true)} makes a failing filter stop
 * {@link ContainerBuilder#start()}. Jetty itself discovers class-path
 * {@link ServletContainerInitializer}s only with its annotations module (bytecode scanning, slow);
 * this harness finds them the same way that module does, with {@link ServiceLoader} on the
 * webapp's class loader, and runs them (without {@code @HandlesTypes} classes).
 */
public final class EmbeddedJetty implements TestServer {

    private final Server server;
    private final ServletContextHandler context;
    private final ServerConnector http;
    private final ServerConnector https;

    private EmbeddedJetty(Server server, ServletContextHandler context, ServerConnector http, ServerConnector https) {
        this.server = server;
        this.context = context;
        this.http = http;
        this.https = https;
    }

    /** A builder whose {@link ContainerBuilder#start()} starts Jetty. */
    public static ContainerBuilder builder() {
        return new ContainerBuilder(EmbeddedJetty::start);
    }

    private static TestServer start(ContainerBuilder spec) throws Exception {
        Server server = new Server();
        server.setStopTimeout(0);
        HttpConfiguration config = new HttpConfiguration();
        HttpConfiguration plainConfig = config;
        if (spec.containerForwarding()) {
            plainConfig = new HttpConfiguration(config);
            plainConfig.addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
        }
        ServerConnector http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(plainConfig));
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        ServerConnector https = null;
        if (spec.certificate() != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(spec.certificate().keyStore().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(SelfSignedCertificate.PASSWORD);
            HttpConfiguration tls = new HttpConfiguration(config);
            tls.addCustomizer(new SecureRequestCustomizer());
            https = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(tls));
            https.setHost("127.0.0.1");
            https.setPort(0);
            server.addConnector(https);
        }

        ServletContextHandler context;
        String path = spec.contextPath().isEmpty() ? "/" : spec.contextPath();
        if (spec.webapp() != null) {
            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath(path);
            webapp.setWar(spec.webapp().toString());
            webapp.setParentLoaderPriority(true);
            webapp.setThrowUnavailableOnStartupException(true);
            webapp.setLogUrlOnStart(false);
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (ServletContainerInitializer sci : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
                webapp.addServletContainerInitializer(sci);
            }
            context = webapp;
        } else {
            context = new ServletContextHandler(path, ServletContextHandler.SESSIONS);
        }
        for (ContainerBuilder.InitializerSpec i : spec.initializers()) {
            context.addServletContainerInitializer(i.initializer(), i.classes().toArray(new Class<?>[0]));
        }
        context.addServletContainerInitializer(spec.registrations());
        if (!spec.errorPages().isEmpty()) {
            ErrorPageErrorHandler errors = context.getErrorHandler() instanceof ErrorPageErrorHandler e
                    ? e : new ErrorPageErrorHandler();
            spec.errorPages().forEach(errors::addErrorPage);
            context.setErrorHandler(errors);
        }
        server.setHandler(context);

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Jetty failed to start the application: " + e, e);
        }
        if (!context.isAvailable() || !context.isStarted()) {
            Throwable cause = context instanceof WebAppContext w ? w.getUnavailableException() : null;
            stopQuietly(server);
            throw new IllegalStateException("Jetty started but the application is unavailable"
                    + (cause == null ? "" : ": " + cause), cause);
        }
        return new EmbeddedJetty(server, context, http, https);
    }

    /** The Jetty server, for what the builder does not cover. */
    public Server jetty() {
        return server;
    }

    @Override
    public int httpPort() {
        return http.getLocalPort();
    }

    @Override
    public int httpsPort() {
        return TestServer.tlsPort(https == null ? null : https.getLocalPort());
    }

    @Override
    public ServletContainer container() {
        return ServletContainer.JETTY;
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(EmbeddedJetty.class.getName()).log(System.Logger.Level.WARNING, "Jetty stop failed", e);
        }
    }
}

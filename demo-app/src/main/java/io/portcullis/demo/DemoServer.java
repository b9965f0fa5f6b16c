package io.portcullis.demo;

import io.portcullis.filters.HardeningFilter;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The demo's embedded Jetty 12 (ee10): a plain HTTP connector (redirected to HTTPS by the
 * hardening filter) and an HTTPS connector with the {@link DemoCertificate}, one servlet
 * context with sessions, the hardening filter in front of everything and the {@link Router}.
 */
public final class DemoServer implements AutoCloseable {

    /** Largest upload the demo accepts, in bytes. */
    static final long MAX_UPLOAD = 10L * 1024 * 1024;

    private final DemoConfig config;
    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;
    private final DemoCertificate certificate;
    private final DemoApplication app;

    private DemoServer(DemoConfig config, Clock clock, ThrottleLimits limits) throws Exception {
        this.config = config;
        Path data = config.dataDir().toAbsolutePath();
        if (!Files.isDirectory(data)) {
            Files.createDirectories(data);
            try { // users, keys and uploads: owner only
                Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the parent's ACL applies
            }
        }
        this.certificate = DemoCertificate.in(data.resolve("tls"));

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("demo");
        server = new Server(pool);

        HttpConfiguration plainConfig = new HttpConfiguration();
        plainConfig.setSendServerVersion(false);
        plainConfig.setSendXPoweredBy(false);
        plainConfig.setSecureScheme("https");
        http = new ServerConnector(server, new HttpConnectionFactory(plainConfig));
        http.setHost(config.bind());
        http.setPort(config.httpPort());

        HttpConfiguration tlsConfig = new HttpConfiguration(plainConfig);
        tlsConfig.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(certificate.keyStore().toString());
        ssl.setKeyStorePassword(certificate.password());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        https = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(tlsConfig));
        https.setHost(config.bind());
        https.setPort(config.httpsPort());
        server.addConnector(http);
        server.addConnector(https);

        // Bind now so port 0 resolves before the filters are configured with the real ports.
        try {
            http.open();
            https.open();
        } catch (IOException e) {
            http.close();
            https.close();
            throw e;
        }
        plainConfig.setSecurePort(https.getLocalPort());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        HardeningFilter hardening = Hardening.install(context, config, http.getLocalPort(), https.getLocalPort());
        app = new DemoApplication(config, data, hardening, clock, limits);
        Path multipartTmp = data.resolve("tmp");
        Files.createDirectories(multipartTmp);
        ServletHolder router = new ServletHolder("router", new Router(app.routes()));
        router.getRegistration().setMultipartConfig(
                new MultipartConfigElement(multipartTmp.toString(), MAX_UPLOAD, MAX_UPLOAD + 64 * 1024, 0));
        context.addServlet(router, "/");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        context.setErrorHandler(errors);
        server.setHandler(context);
        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        serverErrors.setShowMessageInTitle(false);
        server.setErrorHandler(serverErrors);
    }

    /** Starts the demo; the caller closes it. */
    public static DemoServer start(DemoConfig config) throws Exception {
        return start(config, Clock.systemUTC(), ThrottleLimits.defaults());
    }

    /** Starts the demo with {@code clock} and {@code limits} for the log-in and sign-up throttles (tests). */
    static DemoServer start(DemoConfig config, Clock clock, ThrottleLimits limits) throws Exception {
        DemoServer s = new DemoServer(config, clock, limits);
        try {
            s.server.start();
        } catch (Exception e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return s;
    }

    public int httpPort() {
        return http.getLocalPort();
    }

    public int httpsPort() {
        return https.getLocalPort();
    }

    /** The PEM of the self-signed certificate, for {@code curl --cacert} and test clients. */
    public Path certificatePem() {
        return certificate.pem();
    }

    /** True when this start generated the certificate. */
    public boolean certificateCreated() {
        return certificate.created();
    }

    public URI httpsUri() {
        return URI.create("https://localhost:" + httpsPort() + "/");
    }

    public URI httpUri() {
        return URI.create("http://localhost:" + httpPort() + "/");
    }

    /** The app's route table (the same instance the router serves). */
    public RouteTable routes() {
        return app.routes();
    }

    /** The sendfile policy downloads use (a front server's configuration is generated from it). */
    public io.portcullis.sendfile.SendfilePolicy sendfilePolicy() {
        return app.files().sendfilePolicy();
    }

    /** The app itself, for tests that look at its counters. */
    DemoApplication app() {
        return app;
    }

    public DemoConfig config() {
        return config;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("stopping Jetty failed", e);
        } finally {
            app.close();
        }
    }

}

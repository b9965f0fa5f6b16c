package io.portcullis.demo;

import io.portcullis.csrf.CsrfFilter;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.upload.UploadGuardFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.EagerContentHandler;
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

    /** Slowest request body accepted, bytes per second averaged from its first byte (Jetty 408 below it). */
    static final long MIN_REQUEST_DATA_RATE = 1024;
    /** How long a connection may stay silent, in milliseconds. */
    static final long IDLE_TIMEOUT_MS = 20_000;
    /** Largest urlencoded form read ahead of the servlet (the demo's forms are well under 1 KiB). */
    static final int MAX_FORM_BYTES = 16 * 1024;

    /**
     * Longest time a request body may take to arrive completely, from the end of its headers
     * ({@link BodyDeadline}). A full 10 MiB upload needs at least ~88 KiB/s (0.7 Mbit/s) for it;
     * the demo's forms are under 1 KiB.
     */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(120);

    private DemoServer(DemoConfig config, Clock clock, ThrottleLimits limits, Duration bodyDeadline) throws Exception {
        this.config = config;
        Path data = DataDirectory.prepare(config.dataDir());
        // the database and keys first: a damaged one stops the start before anything else is made
        app = new DemoApplication(config, data, clock, limits);
        try {
            this.certificate = DemoCertificate.in(data.resolve("tls"));
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("demo");
        server = new Server(pool);

        HttpConfiguration plainConfig = new HttpConfiguration();
        plainConfig.setSendServerVersion(false);
        plainConfig.setSendXPoweredBy(false);
        plainConfig.setSecureScheme("https");
        // a body that trickles in slower than this fails with 408 instead of holding a thread
        plainConfig.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
        plainConfig.setIdleTimeout(IDLE_TIMEOUT_MS);
        http = new ServerConnector(server, new HttpConnectionFactory(plainConfig));
        http.setHost(config.bind());
        http.setPort(config.httpPort());
        http.setIdleTimeout(IDLE_TIMEOUT_MS);

        HttpConfiguration tlsConfig = new HttpConfiguration(plainConfig);
        tlsConfig.addCustomizer(new SecureRequestCustomizer());
        https = new ServerConnector(server, new SslConnectionFactory(TlsProfile.server(certificate), "http/1.1"),
                new HttpConnectionFactory(tlsConfig));
        https.setHost(config.bind());
        https.setPort(config.httpsPort());
        https.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(http);
        server.addConnector(https);

        // Bind now so port 0 resolves before the filters are configured with the real ports.
        try {
            bind(http, "--http-port", config.httpPort());
            try {
                bind(https, "--https-port", config.httpsPort());
            } catch (IOException e) {
                http.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
        plainConfig.setSecurePort(https.getLocalPort());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getSessionHandler().setMaxInactiveInterval((int) config.sessionIdle().toSeconds());
        PersistentSessions.install(context.getSessionHandler(), app.database().sessionDataSource());
        HardeningFilter hardening;
        try {
            hardening = Hardening.install(context, config, http.getLocalPort(), https.getLocalPort());
        } catch (RuntimeException e) {
            http.close();
            https.close();
            app.close();
            throw e;
        }
        app.hardening(hardening);
        Path multipartTmp = data.resolve("tmp");
        Files.createDirectories(multipartTmp);
        DataDirectory.sweepMultipartTemp(multipartTmp);
        installFilters(context, app, multipartTmp);
        context.addServlet(new ServletHolder("router", new Router()), "/");
        context.setErrorHandler(new ProblemErrorPages.Context());
        // urlencoded forms are read without holding a thread, before the servlet runs: a slow
        // body costs a connection, not a worker (multipart bodies are read only for logged-in users, by upload-guard)
        // and every body, form or upload, has to be complete within the body deadline, however fast it trickles
        server.setHandler(new BodyDeadline(
                new EagerContentHandler(context, new EagerContentHandler.FormContentLoaderFactory(32, MAX_FORM_BYTES)),
                bodyDeadline));
        server.setErrorHandler(new ProblemErrorPages.Server());
    }

    /** The upload route, the only one that takes multipart bodies (see {@link Route#acceptsFiles()}). */
    static final String UPLOAD_PATH = "/upload";

    /**
     * The filters after {@link Hardening}'s, in chain order (REQUEST dispatches):
     * <ol>
     *   <li>{@link RouteGate} on {@code /*}: route, log-in and an upload's size, from the headers
     *       alone, before any body byte is read;</li>
     *   <li>{@link UploadAnswers} and upload-guard's {@link UploadGuardFilter} on the upload route:
     *       the multipart body parsed once, every file judged, refusals with the guard's reason codes;</li>
     *   <li>csrf's {@link CsrfFilter} on {@code /*}: Fetch Metadata, Origin, and the token — of an upload read from the parts the guard
     *       already parsed, never by parsing the body again.</li>
     * </ol>
     */
    private static void installFilters(ServletContextHandler context, DemoApplication app, Path spool) {
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(holder("routes", new RouteGate(app.routes(), MAX_UPLOAD, spool)), "/*", request);
        context.addFilter(holder("upload-answers", new UploadAnswers(MAX_UPLOAD)), UPLOAD_PATH, request);
        context.addFilter(holder("uploads", new UploadGuardFilter(app.files().policy())), UPLOAD_PATH, request);
        context.addFilter(holder("csrf", new CsrfFilter(app.csrfPolicy())), "/*", request);
    }

    private static FilterHolder holder(String name, jakarta.servlet.Filter filter) {
        FilterHolder h = new FilterHolder(filter);
        h.setName(name);
        return h;
    }

    private static void bind(ServerConnector connector, String option, int port) throws IOException {
        try {
            connector.open();
        } catch (IOException e) {
            connector.close();
            throw new IOException(option + " " + port + ": cannot listen on " + connector.getHost() + ":" + port
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); choose another port or stop the program using it", e);
        }
    }

    /** Starts the demo; the caller closes it. */
    public static DemoServer start(DemoConfig config) throws Exception {
        return start(config, Clock.systemUTC(), ThrottleLimits.defaults());
    }

    /** Starts the demo with {@code clock} and {@code limits} for the log-in and sign-up throttles (tests). */
    static DemoServer start(DemoConfig config, Clock clock, ThrottleLimits limits) throws Exception {
        return start(config, clock, limits, BODY_DEADLINE);
    }

    /** Starts the demo with a body deadline other than {@link #BODY_DEADLINE} (tests). */
    static DemoServer start(DemoConfig config, Clock clock, ThrottleLimits limits, Duration bodyDeadline)
            throws Exception {
        DemoServer s = new DemoServer(config, clock, limits, bodyDeadline);
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
            if (app != null) {
                app.close();
            }
        }
    }

}

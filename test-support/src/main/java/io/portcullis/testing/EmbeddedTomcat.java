package io.portcullis.testing;

import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 10.1 for tests on {@code 127.0.0.1} with ephemeral ports and a private base
 * directory that {@link #close()} deletes.
 *
 * <p>For {@link ContainerBuilder#webapp(java.nio.file.Path)} the context gets a
 * {@link WebappLoader} delegating to the parent (the test class path), Tomcat's default servlet
 * (no JSP), and a jar scanner that scans neither the class path nor any jar (fast startup).
 * Tomcat still finds {@link jakarta.servlet.ServletContainerInitializer}s listed in
 * {@code META-INF/services} through the parent class loader, as a deployed war would. Tomcat
 * only logs a failed filter or listener and marks the context FAILED; {@code start()} turns that
 * into an exception carrying the first error Tomcat logged as cause.
 */
public final class EmbeddedTomcat implements TestServer {

    private final Tomcat tomcat;
    private final Context context;
    private final Connector http;
    private final Connector https;
    private final Path baseDir;

    private EmbeddedTomcat(Tomcat tomcat, Context context, Connector http, Connector https, Path baseDir) {
        this.tomcat = tomcat;
        this.context = context;
        this.http = http;
        this.https = https;
        this.baseDir = baseDir;
    }

    /** A builder whose {@link ContainerBuilder#start()} starts Tomcat. */
    public static ContainerBuilder builder() {
        return new ContainerBuilder(EmbeddedTomcat::start);
    }

    private static TestServer start(ContainerBuilder spec) throws Exception {
        Path baseDir = Files.createTempDirectory("portcullis-tomcat-");
        Files.createDirectories(baseDir.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getHost().setDeployOnStartup(false);

        Connector http = new Connector();
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        Connector https = null;
        if (spec.certificate() != null) {
            https = new Connector();
            https.setPort(0);
            https.setProperty("address", "127.0.0.1");
            https.setScheme("https");
            https.setSecure(true);
            https.setProperty("SSLEnabled", "true");
            SSLHostConfig host = new SSLHostConfig();
            SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
            cert.setCertificateKeystoreFile(spec.certificate().keyStore().toString());
            cert.setCertificateKeystoreType("PKCS12");
            cert.setCertificateKeystorePassword(SelfSignedCertificate.PASSWORD);
            cert.setCertificateKeyAlias(SelfSignedCertificate.ALIAS);
            host.addCertificate(cert);
            https.addSslHostConfig(host);
            tomcat.getService().addConnector(https);
        }

        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        Context context;
        if (spec.webapp() != null) {
            ContextConfig config = new ContextConfig();
            config.setDefaultWebXml(Constants.NoDefaultWebXml);
            context = tomcat.addWebapp(tomcat.getHost(), spec.contextPath(), spec.webapp().toString(), config);
            WebappLoader loader = new WebappLoader();
            loader.setDelegate(true);
            context.setLoader(loader);
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false);
            scanner.setScanManifest(false);
            StandardJarScanFilter filter = new StandardJarScanFilter();
            filter.setDefaultPluggabilityScan(false);
            filter.setDefaultTldScan(false);
            scanner.setJarScanFilter(filter);
            context.setJarScanner(scanner);
            Wrapper defaultServlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
            defaultServlet.setLoadOnStartup(1);
            defaultServlet.setOverridable(true);
            context.addServletMappingDecoded("/", "default");
            Tomcat.addDefaultMimeTypeMappings(context);
            context.addWelcomeFile("index.html");
        } else {
            context = tomcat.addContext(spec.contextPath(), baseDir.toString());
        }
        context.setParentClassLoader(parent);
        if (spec.containerForwarding()) {
            org.apache.catalina.valves.RemoteIpValve valve = new org.apache.catalina.valves.RemoteIpValve();
            valve.setHostHeader("X-Forwarded-Host");
            valve.setPortHeader("X-Forwarded-Port");
            context.getPipeline().addValve(valve);
        }
        if (context instanceof StandardContext standard) {
            // leak checks for redeployment only print add-opens warnings in a test JVM
            // by name: Tomcat 11 (the Boot sample of test-kit, spring-boot-starter) no longer has this setting
            org.apache.tomcat.util.IntrospectionUtils.setProperty(standard, "clearReferencesObjectStreamClassCaches", "false");
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        for (ContainerBuilder.InitializerSpec i : spec.initializers()) {
            context.addServletContainerInitializer(i.initializer(), i.classes());
        }
        context.addServletContainerInitializer(spec.registrations(), null);
        spec.errorPages().forEach((status, location) -> {
            ErrorPage page = new ErrorPage();
            page.setErrorCode(status);
            page.setLocation(location);
            context.addErrorPage(page);
        });

        Logger catalina = Logger.getLogger("org.apache.catalina");
        ErrorCollector errors = new ErrorCollector();
        catalina.addHandler(errors);
        try {
            tomcat.start();
        } catch (Exception e) {
            stop(tomcat, baseDir);
            throw new IllegalStateException("Tomcat failed to start: " + e, e);
        } finally {
            catalina.removeHandler(errors);
        }
        if (context.getState() != LifecycleState.STARTED || http.getState() != LifecycleState.STARTED
                || (https != null && https.getState() != LifecycleState.STARTED)) {
            Throwable cause = errors.first();
            String state = "context " + context.getState() + ", http connector " + http.getState()
                    + (https == null ? "" : ", https connector " + https.getState());
            stop(tomcat, baseDir);
            throw new IllegalStateException("Tomcat did not start the application (" + state + ")"
                    + (cause == null ? "; first error logged: " + errors.firstMessage() : ": " + cause), cause);
        }
        return new EmbeddedTomcat(tomcat, context, http, https, baseDir);
    }

    /** The Tomcat instance, for what the builder does not cover. */
    public Tomcat tomcat() {
        return tomcat;
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
        return ServletContainer.TOMCAT;
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() {
        stop(tomcat, baseDir);
    }

    private static void stop(Tomcat tomcat, Path baseDir) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            System.getLogger(EmbeddedTomcat.class.getName()).log(System.Logger.Level.WARNING, "Tomcat stop failed", e);
        } finally {
            Trees.deleteNowAndAtExit(baseDir);
        }
    }

    /** Collects the SEVERE records Tomcat logs while starting. */
    private static final class ErrorCollector extends Handler {
        private final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record);
            }
        }

        synchronized Throwable first() {
            for (LogRecord r : records) {
                if (r.getThrown() != null) {
                    return r.getThrown();
                }
            }
            return null;
        }

        synchronized String firstMessage() {
            return records.isEmpty() ? "none" : records.get(0).getMessage();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}

package io.portcullis.benchmarks;

import io.portcullis.filters.CspNonce;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;

/**
 * A real embedded Jetty 12 (ee10) serving one small page, with or without a filter on
 * {@code /*} (REQUEST, ERROR, ASYNC). Used by {@link HardeningFilterBenchmark} over an in-memory
 * {@link LocalConnector}.
 */
final class EmbeddedJetty {

    /** About 1 KiB of HTML, the body of every response. */
    static final String BODY_TEXT = "<p>" + "Portcullis benchmark page. ".repeat(36) + "</p>";

    private final Server server;
    private final LocalConnector local;

    private EmbeddedJetty(Server server, LocalConnector local) {
        this.server = server;
        this.local = local;
    }

    /**
     * Jetty with only a {@link LocalConnector} whose requests are treated as HTTPS (scheme
     * {@code https}, {@code isSecure()} true), the way a TLS connector presents them.
     */
    static EmbeddedJetty local(Filter filter) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.addCustomizer((request, responseHeaders) -> new Request.Wrapper(request) {
            private final HttpURI uri = HttpURI.build(request.getHttpURI()).scheme("https").asImmutable();

            @Override
            public HttpURI getHttpURI() {
                return uri;
            }

            @Override
            public boolean isSecure() {
                return true;
            }
        });
        LocalConnector local = new LocalConnector(server, new HttpConnectionFactory(config));
        server.addConnector(local);
        server.setHandler(context(filter));
        server.start();
        return new EmbeddedJetty(server, local);
    }

    static ServletContextHandler context(Filter filter) {
        // with sessions, like a real webapp (HardeningFilter.init also reads the session cookie config)
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(new PageServlet()), "/page");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
        }
        return context;
    }

    LocalConnector local() {
        return local;
    }

    void stop() throws Exception {
        server.stop();
    }

    /**
     * {@code ?cookie} adds a cookie; {@code ?nonce} uses the CSP nonce in a script tag (when a
     * Portcullis filter is mapped; otherwise the tag has an empty nonce).
     */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String query = req.getQueryString() == null ? "" : req.getQueryString();
            if (query.contains("cookie")) {
                resp.addCookie(new Cookie("prefs", "theme-dark"));
            }
            // without a Portcullis filter there is no nonce: the baseline page then has a plain script tag
            String nonce = query.contains("nonce") ? CspNonce.find(req).map(CspNonce::value).orElse("") : "";
            String script = query.contains("nonce") ? "<script nonce=\"" + nonce + "\">let x = 1;</script>" : "";
            byte[] body = ("<!doctype html><html><head><title>bench</title>" + script + "</head><body>" + BODY_TEXT + "</body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/html;charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}

package io.portcullis.checkup.site;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.SessionCookieHardener;
import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.TestServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Local sites with known configurations, started once per test JVM and audited once per URL:
 * <ul>
 *   <li>{@link #hardened()}: embedded Jetty over TLS with the real {@link HardeningFilter}
 *       (defaults plus the test ports' mapping and HSTS preload), the session cookie hardened by
 *       {@link SessionCookieHardener}, an app that refuses TRACE, answers plain error pages,
 *       protects {@code /admin} with a login redirect and allows one CORS origin;</li>
 *   <li>{@link #bare()}: the same container with no filter and a careless app: no redirect on
 *       {@code /}, a redirect on {@code /r/} that echoes Host / X-Forwarded-Host with 302 for every
 *       method, cookies without flags, Origin reflected with credentials, TRACE answered by
 *       {@link HttpServlet#doTrace}, stack traces on errors, {@code /admin} open to everyone.</li>
 * </ul>
 */
final class SiteFixtures {

    static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    static final String GOOD_ORIGIN = "https://app.example";

    private static TestServer hardened;
    private static TestServer bare;
    private static final Map<String, Report> AUDITS = new ConcurrentHashMap<>();

    private SiteFixtures() {
    }

    static synchronized TestServer hardened() {
        if (hardened == null) {
            Deferred deferred = new Deferred();
            hardened = EmbeddedJetty.builder()
                    .https(CERT)
                    .initializer(new SessionCookieHardener(), Set.of())
                    .filter("hardening", deferred, "/*")
                    .servlet("app", new CarefulApp(), "/*")
                    .start();
            HardeningPolicy policy = HardeningPolicy.defaults().toBuilder()
                    .portMap(Map.of(hardened.httpPort(), hardened.httpsPort()))
                    .hstsPreload(true)
                    .build();
            deferred.set(new HardeningFilter(policy));
            hideServerVersion(hardened);
            Runtime.getRuntime().addShutdownHook(new Thread(hardened::close));
        }
        return hardened;
    }

    static synchronized TestServer bare() {
        if (bare == null) {
            bare = EmbeddedJetty.builder().https(CERT).servlet("app", new CarelessApp(), "/*").start();
            Runtime.getRuntime().addShutdownHook(new Thread(bare::close));
        }
        return bare;
    }

    /** The audit of {@code url} trusting the test certificate, run once and kept. */
    static Report audit(URI url, String... protectedPaths) {
        String key = url + " " + String.join(",", protectedPaths);
        return AUDITS.computeIfAbsent(key, k -> {
            try {
                return new SiteAudit(new SiteAudit.Options(url, CERT.pem(), List.of(protectedPaths), Grade.B)).run();
            } catch (Exception e) {
                throw new IllegalStateException("audit of " + url + " failed", e);
            }
        });
    }

    static Finding finding(Report r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " in " + r.findings()));
    }

    static Score.Observation observation(Report r, Expectation.Test test) {
        return r.observatory().results().stream().filter(o -> o.test() == test).findFirst().orElseThrow();
    }

    static Score.Observation extendedObservation(Report r, Expectation.Test test) {
        return r.extended().results().stream().filter(o -> o.test() == test).findFirst().orElseThrow();
    }

    /** Jetty writes {@code Server: Jetty(12...)} itself, where no filter can reach it. */
    private static void hideServerVersion(TestServer server) {
        for (Connector c : ((EmbeddedJetty) server).jetty().getConnectors()) {
            HttpConnectionFactory f = c.getConnectionFactory(HttpConnectionFactory.class);
            if (f != null) {
                f.getHttpConfiguration().setSendServerVersion(false);
            }
        }
    }

    /** Lets the filter be built after the server has chosen its ports (the redirect needs them). */
    static final class Deferred implements Filter {
        private volatile Filter delegate;
        private FilterConfig config;

        @Override
        public void init(FilterConfig filterConfig) {
            this.config = filterConfig;
        }

        void set(Filter filter) {
            try {
                filter.init(config);
            } catch (ServletException e) {
                throw new IllegalStateException(e);
            }
            delegate = filter;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Filter f = delegate;
            if (f == null) {
                ((HttpServletResponse) response).sendError(503);
                return;
            }
            f.doFilter(request, response, chain);
        }
    }

    /** What a careful application does on its own (authorisation, TRACE, errors, CORS). */
    static final class CarefulApp extends HttpServlet {
        @Override
        protected void doTrace(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(405);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            String origin = req.getHeader("Origin");
            if (GOOD_ORIGIN.equals(origin)) {
                resp.setHeader("Access-Control-Allow-Origin", GOOD_ORIGIN);
                resp.setHeader("Vary", "Origin");
            }
            switch (path) {
                case "/", "/robots.txt" -> {
                    req.getSession(true);
                    resp.addCookie(new Cookie("theme", "dark"));
                    resp.setContentType(path.equals("/") ? "text/html;charset=utf-8" : "text/plain");
                    resp.getWriter().print(path.equals("/") ? "<!DOCTYPE html><title>shop</title><h1>Shop</h1>"
                            + "<form method=post action=/login><input name=user></form>" : "User-agent: *\n");
                }
                case "/admin" -> {
                    if (req.getSession(false) == null || req.getSession(false).getAttribute("user") == null) {
                        resp.sendRedirect("/login?next=/admin");
                    } else {
                        resp.getWriter().print("admin");
                    }
                }
                case "/login" -> {
                    resp.setContentType("text/html;charset=utf-8");
                    resp.getWriter().print("<!DOCTYPE html><title>login</title><form method=post></form>");
                }
                default -> {
                    resp.setStatus(404);
                    resp.setContentType("text/plain");
                    resp.getWriter().print("Not found");
                }
            }
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(400);
            resp.setContentType("application/problem+json");
            resp.getWriter().print("{\"title\":\"Bad Request\",\"status\":400,\"code\":\"bad-body\"}");
        }
    }

    /** An application with the mistakes checkup exists to find. */
    static final class CarelessApp extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            String origin = req.getHeader("Origin");
            if (origin != null) {
                resp.setHeader("Access-Control-Allow-Origin", origin);
                resp.setHeader("Access-Control-Allow-Credentials", "true");
            }
            resp.setHeader("X-Powered-By", "Servlet/6.0 JSP/3.1");
            String path = req.getRequestURI();
            if (!req.isSecure() && path.startsWith("/r/")) {
                // "redirect to HTTPS" written the naive way: trusts Host and X-Forwarded-Host, 302 for everything
                String host = req.getHeader("X-Forwarded-Host") != null ? req.getHeader("X-Forwarded-Host")
                        : req.getServerName();
                int httpsPort = bare().httpsPort();
                resp.setStatus(302);
                resp.setHeader("Location", "https://" + host + ":" + httpsPort + path);
                return;
            }
            super.service(req, resp);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (path.equals("/") || path.equals("/r/") || path.equals("/robots.txt") || path.equals("/admin")) {
                req.getSession(true);
                resp.addHeader("Set-Cookie", "csrftoken=abc; Path=/");
                resp.addHeader("Set-Cookie", "__Host-pref=1; Path=/r; Secure");
                resp.setContentType("text/html;charset=utf-8");
                resp.getWriter().print("<!DOCTYPE html><title>careless</title>"
                        + "<script src=\"http://cdn.example/jquery.js\"></script>");
                return;
            }
            debugError(resp, new IllegalStateException("no route for " + path));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().equals("/") || req.getRequestURI().equals("/r/")) {
                debugError(resp, new IllegalArgumentException("cannot parse body as JSON"));
                return;
            }
            resp.getWriter().print("ok");
        }

        /** A "debug mode" error page, as frameworks show in development. */
        private static void debugError(HttpServletResponse resp, Exception e) throws IOException {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            resp.setStatus(500);
            resp.setContentType("text/plain");
            resp.getWriter().print("Internal error\n" + trace);
        }
    }
}

package io.portcullis.checkup.site;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Pages where a browser, the Observatory and a regex reader disagree, on embedded Jetty (both
 * connectors). Plain HTTP redirects to the same path on HTTPS (301), except under {@code /hop/},
 * whose chain has a second plain-HTTP hop carrying Strict-Transport-Security.
 * <ul>
 *   <li>{@code /redirect/}: 302 to {@code /redirect/app/}, setting a session cookie without
 *       HttpOnly on the redirect itself; the final page is well configured;</li>
 *   <li>{@code /comment/}: an insecure third-party script only inside an HTML comment;</li>
 *   <li>{@code /metacsp/}: CSP only in {@code <meta http-equiv>}, with {@code frame-ancestors}
 *       there and no X-Frame-Options;</li>
 *   <li>{@code /metareferrer/}: no Referrer-Policy header, {@code <meta name=referrer>} only;</li>
 *   <li>{@code /good/}: the control, every header set;</li>
 *   <li>{@code /robots.txt}: sets {@code robotsession}, without flags.</li>
 * </ul>
 */
final class TrickyPages extends HttpServlet {

    private static TestServer server;

    static synchronized TestServer server() {
        if (server == null) {
            server = EmbeddedJetty.builder().https(SiteFixtures.CERT).servlet("tricky", new TrickyPages(), "/*").start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        int https = server().httpsPort();
        int http = server().httpPort();
        if (!req.isSecure()) {
            if (path.equals("/hop/")) {
                resp.setHeader("Strict-Transport-Security", "max-age=31536000");
                redirect(resp, 301, "http://127.0.0.1:" + http + "/hop/two");
            } else {
                redirect(resp, 301, "https://127.0.0.1:" + https + path);
            }
            return;
        }
        switch (path) {
            case "/robots.txt" -> {
                resp.addHeader("Set-Cookie", "robotsession=1; Path=/");
                resp.setContentType("text/plain");
                resp.getWriter().print("User-agent: *\n");
            }
            case "/redirect/" -> {
                resp.addHeader("Set-Cookie", "sessionid=1; Path=/; Secure; SameSite=Lax");
                redirect(resp, 302, "/redirect/app/");
            }
            case "/redirect/app/", "/good/", "/hop/two" -> good(resp, "<p>ok</p>");
            case "/hop/" -> redirect(resp, 301, "/hop/two");
            case "/comment/" -> good(resp, "<!-- <script src=\"http://cdn.example/old.js\"></script> --><p>ok</p>");
            case "/metacsp/" -> {
                resp.setHeader("Strict-Transport-Security", "max-age=31536000");
                resp.setHeader("X-Content-Type-Options", "nosniff");
                resp.setHeader("Referrer-Policy", "no-referrer");
                html(resp, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                        + "content=\"default-src 'none'; frame-ancestors 'none'\"><title>t</title></head><p>ok</p>");
            }
            case "/metareferrer/" -> {
                resp.setHeader("Strict-Transport-Security", "max-age=31536000");
                resp.setHeader("X-Content-Type-Options", "nosniff");
                resp.setHeader("X-Frame-Options", "DENY");
                resp.setHeader("Content-Security-Policy", "default-src 'self'");
                html(resp, "<!DOCTYPE html><html><head><meta name=\"referrer\" content=\"no-referrer\">"
                        + "<title>t</title></head><p>ok</p>");
            }
            default -> {
                resp.setStatus(404);
                resp.setContentType("text/plain");
                resp.getWriter().print("not found");
            }
        }
    }

    private static void good(HttpServletResponse resp, String body) throws IOException {
        resp.setHeader("Strict-Transport-Security", "max-age=31536000");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'self'");
        resp.setHeader("Referrer-Policy", "no-referrer");
        html(resp, "<!DOCTYPE html><html><head><title>t</title></head>" + body);
    }

    private static void html(HttpServletResponse resp, String body) throws IOException {
        resp.setContentType("text/html;charset=utf-8");
        resp.getWriter().print(body);
    }

    private static void redirect(HttpServletResponse resp, int status, String to) {
        resp.setStatus(status);
        resp.setHeader("Location", to);
    }
}

package io.portcullis.filters.it;

import io.portcullis.filters.CspNonce;
import io.portcullis.filters.EffectiveRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The application behind the filter in integration tests: one behaviour per path. Public for web.xml. */
public class AppServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Object included = req.getAttribute("jakarta.servlet.include.path_info");
        String path = included != null ? included.toString() : req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.startsWith("/public/")) {
            path = path.substring("/public".length());
        }
        resp.setContentType("text/plain;charset=UTF-8");
        switch (path) {
            case "/hello" -> resp.getWriter().write("hello");
            case "/echo" -> {
                byte[] body = req.getInputStream().readAllBytes();
                resp.getWriter().write(req.getMethod() + " " + new String(body, StandardCharsets.UTF_8));
            }
            case "/own-headers" -> {
                resp.setHeader("X-Frame-Options", "SAMEORIGIN");
                resp.setHeader("Strict-Transport-Security", "max-age=60");
                resp.setHeader("Content-Security-Policy", "default-src 'none'");
                resp.setHeader("Referrer-Policy", "same-origin");
                resp.setHeader("Cache-Control", "max-age=5");
                resp.getWriter().write("own");
            }
            case "/powered" -> {
                resp.setHeader("X-Powered-By", "Servlet/6.0");
                resp.addHeader("Server", "MyServer/1.0");
                resp.getWriter().write("powered");
            }
            case "/send-error" -> resp.sendError(403, "no");
            case "/flush" -> {
                resp.flushBuffer();
                resp.getWriter().write("flushed");
            }
            case "/stream-flush" -> {
                resp.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
                resp.getOutputStream().flush();
                resp.getOutputStream().write("y".getBytes(StandardCharsets.UTF_8));
            }
            case "/writer-flush" -> {
                PrintWriter w = resp.getWriter();
                w.write("x");
                w.flush();
                w.write("y");
            }
            case "/redirect" -> resp.sendRedirect(req.getContextPath() + "/app/hello");
            case "/big" -> {
                PrintWriter w = resp.getWriter();
                for (int i = 0; i < 20_000; i++) {
                    w.write("0123456789");
                }
            }
            case "/big-stream" -> {
                byte[] chunk = new byte[100_000];
                resp.setContentType("application/octet-stream");
                resp.getOutputStream().write(chunk);
            }
            case "/content-length" -> {
                resp.setContentLength(2);
                resp.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
            }
            case "/content-length-header" -> {
                // the length declared as a header (any case), a body far below the buffer: the container
                // commits as soon as the 5 bytes are written, before the chain returns
                String how = req.getParameter("how");
                String name = req.getParameter("name") == null ? "Content-Length" : req.getParameter("name");
                switch (how) {
                    case "set" -> resp.setHeader(name, "5");
                    case "add" -> resp.addHeader(name, "5");
                    case "setInt" -> resp.setIntHeader(name, 5);
                    case "addInt" -> resp.addIntHeader(name, 5);
                    default -> throw new ServletException("how=" + how);
                }
                resp.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                // anything set after the commit is lost; the test asserts the filter's headers are not
                resp.setHeader("X-After-Commit", "lost");
            }
            case "/encode-url" -> {
                req.getSession(true);
                resp.getWriter().write(resp.encodeURL("/app/hello") + " " + resp.encodeRedirectURL("/app/hello"));
            }
            case "/session-id" -> {
                jakarta.servlet.http.HttpSession s = req.getSession(false);
                resp.getWriter().write(s == null ? "none" : "resumed");
            }
            case "/typed-set-cookie" -> {
                // a Set-Cookie given as a number or a date (any case): a cookie with an empty name for a browser
                switch (req.getParameter("how")) {
                    case "setInt" -> resp.setIntHeader("Set-Cookie", 5);
                    case "addInt" -> resp.addIntHeader("set-cookie", 5);
                    case "setDate" -> resp.setDateHeader("SET-COOKIE", 0L);
                    case "addDate" -> resp.addDateHeader("Set-Cookie", 0L);
                    default -> throw new ServletException("how=" + req.getParameter("how"));
                }
                resp.getWriter().write("typed");
            }
            case "/throw" -> throw new ServletException("boom");
            case "/include" -> {
                resp.getWriter().write("before ");
                req.getRequestDispatcher("/app/hello").include(req, resp);
            }
            case "/async" -> {
                AsyncContext ctx = req.startAsync();
                ctx.start(() -> {
                    try {
                        ctx.getResponse().getWriter().write("async");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    ctx.complete();
                });
            }
            case "/async-cookies", "/async-cookies-wrapped", "/async-set-cookie" -> {
                // the synchronous part sets a cookie; the async thread sets more, renders the nonce and
                // sets a header on the removal list, then completes with the body still buffered
                resp.addCookie(new Cookie("sync", "1"));
                boolean setOnly = path.equals("/async-set-cookie");
                boolean wrapped = path.equals("/async-cookies-wrapped");
                AsyncContext ctx = wrapped ? req.startAsync(req, resp) : req.startAsync();
                ctx.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) ctx.getResponse();
                        if (setOnly) {
                            r.setHeader("Set-Cookie", "aset=0");
                        } else {
                            r.addCookie(new Cookie("acookie", "1"));
                            r.addHeader("Set-Cookie", "ahdr=2");
                        }
                        r.setHeader("X-Powered-By", "Servlet/6.0");
                        r.getWriter().write("async " + CspNonce.find(req).map(CspNonce::value).orElse("-"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    ctx.complete();
                });
            }
            case "/async-dispatch" -> req.startAsync().dispatch("/app/cookies");
            case "/async-timeout" -> {
                req.startAsync().setTimeout(200);
            }
            case "/session" -> resp.getWriter().write("session " + (req.getSession(true).getId() != null));
            case "/cookies" -> {
                resp.setHeader("Set-Cookie", "set=0");
                resp.addCookie(new Cookie("plain", "1"));
                resp.addHeader("Set-Cookie", "hdr=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
                Cookie host = new Cookie("__Host-id", "3");
                host.setDomain("example.com");
                host.setPath("/app");
                resp.addCookie(host);
                resp.addHeader("Set-Cookie", "cross=4; SameSite=None");
                Cookie lax = new Cookie("strict", "5");
                lax.setAttribute("SameSite", "Strict");
                lax.setMaxAge(60);
                resp.addCookie(lax);
                resp.getWriter().write("cookies");
            }
            case "/nonce" -> {
                resp.setContentType("text/html;charset=UTF-8");
                String n = CspNonce.of(req);
                resp.getWriter().write("<!doctype html><html><head><title>nonce</title><style nonce=\"" + n + "\">p{color:green}</style>"
                        + "<script nonce=\"" + n + "\">document.title='ran';</script></head><body><p>nonce</p></body></html>");
            }
            case "/csp-page" -> {
                resp.setContentType("text/html;charset=UTF-8");
                String n = CspNonce.of(req);
                resp.getWriter().write("<!doctype html><html><head><title>csp</title>"
                        + "<style nonce=\"" + n + "\">#s{color:rgb(0, 128, 0)}</style>"
                        + "<style>#injected{color:rgb(255, 0, 0)}</style></head><body>"
                        + "<p id=\"s\">styled</p><p id=\"injected\">injected style</p>"
                        + "<script>document.body.setAttribute('data-injected-script', 'ran');</script>"
                        + "<script nonce=\"" + n + "\">"
                        + "document.body.setAttribute('data-nonce-script', 'ran');"
                        + "document.body.setAttribute('data-nonce-style', getComputedStyle(document.getElementById('s')).color);"
                        + "document.body.setAttribute('data-injected-style', getComputedStyle(document.getElementById('injected')).color);"
                        + "</script></body></html>");
            }
            case "/effective" -> resp.getWriter().write(String.valueOf(EffectiveRequest.of(req).orElse(null)));
            case "/view" -> resp.getWriter().write(view(req));
            default -> resp.sendError(404);
        }
    }

    /**
     * What the servlet API says about the request, one line: scheme, isSecure, server name and
     * port, remote address and host, request URL, then the forwarding headers as the servlet sees
     * them (null when hidden or absent) and how many of them getHeaderNames lists.
     */
    static String view(HttpServletRequest req) {
        int listed = 0;
        for (String n : java.util.Collections.list(req.getHeaderNames())) {
            if (n.equalsIgnoreCase("forwarded") || n.toLowerCase(java.util.Locale.ROOT).startsWith("x-forwarded-")) {
                listed++;
            }
        }
        return req.getScheme() + " " + req.isSecure() + " " + req.getServerName() + " " + req.getServerPort() + " "
                + req.getRemoteAddr() + " " + req.getRemoteHost() + " " + req.getRequestURL()
                + " | xfp=" + req.getHeader("X-Forwarded-Proto") + " xff=" + req.getHeader("x-forwarded-for")
                + " xfh=" + req.getHeader("X-Forwarded-Host") + " xfport=" + req.getHeader("X-Forwarded-Port")
                + " fwd=" + req.getHeader("Forwarded") + " listed=" + listed;
    }
}

package io.portcullis.csrf;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The protected application: pages that render tokens, and state changes that record
 * themselves in {@link #changes} so a test sees whether an attack landed.
 */
final class App extends HttpServlet {

    final List<String> changes = new CopyOnWriteArrayList<>();
    /** Extra markup (a script) for the {@code /page*} pages. */
    volatile String pageExtra = "";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = CsrfFilter.path(req);
        resp.setContentType("text/html;charset=utf-8");
        switch (path) {
            case "/favicon.ico" -> resp.sendError(404);
            case "/form" -> page(req, resp, "");
            case "/login" -> {
                req.getSession(true);
                page(req, resp, "");
            }
            case "/signin" -> { // a log-in as apps should write it: new session id, then a new CSRF secret
                req.getSession(true);
                req.changeSessionId();
                CsrfToken.of(req).rotate();
                page(req, resp, "");
            }
            default -> {
                if (path.startsWith("/page")) {
                    page(req, resp, pageExtra);
                    return;
                }
                String what = req.getMethod() + " " + path;
                if (req.getContentType() != null && req.getContentType().startsWith("multipart/")) {
                    if (req.getHeader("X-Read-Raw") != null) {
                        what += " raw=" + req.getInputStream().readAllBytes().length;
                    } else {
                        try {
                            for (Part p : req.getParts()) {
                                what += " part=" + p.getName();
                            }
                        } catch (jakarta.servlet.ServletException e) {
                            what += " parts-unavailable";
                        }
                    }
                }
                changes.add(what);
                resp.getWriter().print("changed " + what);
            }
        }
    }

    private static void page(HttpServletRequest req, HttpServletResponse resp, String extra) throws IOException {
        CsrfToken t = CsrfToken.of(req);
        resp.getWriter().print("<!doctype html><html><head>" + t.metaTags() + "</head><body>"
                + "<form id=f method=post action=/change>" + t.hiddenField() + "<button>go</button></form>" + extra
                + "</body></html>");
    }
}

package io.portcullis.demo;

import io.portcullis.core.Problem;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one servlet of the demo. It serves only routes of the {@link RouteTable} and decides
 * access before any handler runs: login for {@link Protection#LOGIN_REQUIRED}, then a valid
 * CSRF token for every unsafe method, whatever the protection.
 */
final class Router extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final transient RouteTable table;

    Router(RouteTable table) {
        this.table = table;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String m = req.getMethod();
        if ("HEAD".equals(m)) {
            super.service(req, resp); // HttpServlet answers HEAD with doGet and no body
            return;
        }
        dispatch(m, req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        dispatch("GET", req, resp);
    }

    private void dispatch(String methodName, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, ServletException {
        String path = req.getPathInfo() == null ? req.getServletPath() : req.getServletPath() + req.getPathInfo();
        if (path.isEmpty()) {
            path = "/";
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(methodName);
        } catch (IllegalArgumentException e) {
            method = null;
        }
        RouteTable.Match match = method == null ? table.find(HttpMethod.GET, path) : table.find(method, path);
        if (match == null) {
            Problem.of(404, "not-found", "Not found").write(resp);
            return;
        }
        if (method == null || match.route() == null) {
            String allow = match.allowed().stream().map(Enum::name).collect(Collectors.joining(", "));
            resp.setHeader("Allow", allow.contains("GET") ? allow + ", HEAD" : allow);
            Problem.of(405, "method-not-allowed", "Method not allowed").write(resp);
            return;
        }
        Route route = match.route();
        if (isMultipart(req) && !route.acceptsFiles()) {
            Problem.of(415, "multipart-not-accepted", "This route does not take file uploads").write(resp);
            return;
        }
        if (route.protection() == Protection.LOGIN_REQUIRED && Sessions.user(req) == null) {
            if (method.safe()) {
                String next = path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
                resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
                resp.setHeader("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            } else {
                Problem.of(403, "login-required", "Log in first").write(resp);
            }
            return;
        }
        if (!method.safe() && !Csrf.valid(req, req.getParameter(Csrf.FIELD))) {
            Problem.of(403, "csrf-token-invalid", "Missing or wrong CSRF token; reload the form and try again")
                    .write(resp);
            return;
        }
        try {
            route.handler().handle(new Exchange(req, resp, match.params()));
        } catch (IllegalStateException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "request failed: " + methodName + " " + path, e);
            if (!resp.isCommitted()) {
                resp.reset();
                Problem.of(500, "internal-error", "Something went wrong; see the server log").write(resp);
            }
        }
    }

    private static boolean isMultipart(HttpServletRequest req) {
        String ct = req.getContentType();
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }
}

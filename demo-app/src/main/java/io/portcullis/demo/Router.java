package io.portcullis.demo;

import io.portcullis.core.Problem;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final transient Csrf csrf;
    private final long maxUpload;
    private final transient Path multipartTmp;

    /**
     * @param multipartTmp where the container spools multipart bodies: each upload request gets its
     *     own directory in it, deleted when the request ends, so a part the container abandons (a
     *     full disk mid-part, a client gone) never stays behind
     */
    Router(RouteTable table, Csrf csrf, long maxUpload, Path multipartTmp) {
        this.table = table;
        this.csrf = csrf;
        this.maxUpload = maxUpload;
        this.multipartTmp = multipartTmp;
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
        // Everything below up to the CSRF token is decided from the request line and headers,
        // before a byte of the body is read: a refused request never waits for a slow body.
        if (!method.safe() && crossSite(req)) {
            Problem.of(403, "csrf-token-invalid", "Cross-site form posts are refused").write(resp);
            return;
        }
        if (route.protection() == Protection.LOGIN_REQUIRED && Sessions.userId(req) == null) {
            if (method.safe()) {
                String next = path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
                resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
                resp.setHeader("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            } else {
                Problem.of(403, "login-required", "Log in first").write(resp);
            }
            return;
        }
        if (route.acceptsFiles() && req.getContentLengthLong() > maxUpload + MULTIPART_OVERHEAD) {
            tooLarge(req, resp);
            return;
        }
        Path spool = null;
        try {
            if (route.acceptsFiles() && isMultipart(req)) {
                try {
                    spool = Files.createTempDirectory(multipartTmp, "req-");
                } catch (IOException e) {
                    bodyFailed(req, resp, new IllegalStateException(e));
                    return;
                }
                req.setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(spool.toString(), maxUpload,
                        maxUpload + MULTIPART_OVERHEAD, 0));
                req.setAttribute(SPOOL, spool);
            }
            serve(methodName, path, method, route, match, req, resp);
        } finally {
            if (spool != null) {
                deleteTree(spool);
            }
        }
    }

    private void serve(String methodName, String path, HttpMethod method, Route route, RouteTable.Match match,
            HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!method.safe()) {
            String token;
            try {
                token = req.getParameter(Csrf.FIELD); // reads the body (a multipart upload is spooled here)
            } catch (RuntimeException e) {
                bodyFailed(req, resp, e);
                return;
            }
            if (!csrf.valid(req, token)) {
                Problem.of(403, "csrf-token-invalid", "Missing or wrong CSRF token; reload the form and try again")
                        .write(resp);
                return;
            }
        }
        try {
            route.handler().handle(new Exchange(req, resp, match.params(), csrf));
        } catch (IllegalStateException | IOException | ServletException e) {
            if (isFull(e)) {
                LOG.log(System.Logger.Level.WARNING, "storage full: " + methodName + " " + path + ": " + e.getMessage());
                answer(req, resp, storageFull());
            } else {
                LOG.log(System.Logger.Level.WARNING, "request failed: " + methodName + " " + path, e);
                answer(req, resp, Problem.of(500, "internal-error", "Something went wrong; see the server log"));
            }
        }
    }

    /**
     * Reading the form failed: the container's size limit (413), a full disk while it spooled
     * the parts (507), a body that is too slow or not well formed (400) - always the app's
     * problem+json, never the container's page. Jetty has already deleted the spooled parts.
     */
    private void bodyFailed(HttpServletRequest req, HttpServletResponse resp, RuntimeException e) throws IOException {
        if (isFull(e)) {
            LOG.log(System.Logger.Level.WARNING, "storage full while reading a form: " + e.getMessage());
            resp.setHeader("Connection", "close");
            discardRest(req); // the client is still sending: read it off, or the close resets the answer away
            answer(req, resp, storageFull());
        } else if (BodyDeadline.exceeded(e)) {
            resp.setHeader("Connection", "close");
            answer(req, resp, Problem.of(408, "body-deadline", "The request body did not arrive in time; send it again"));
        } else if (tooLargeCause(e)) {
            resp.setHeader("Connection", "close");
            answer(req, resp, tooLargeProblem());
        } else {
            LOG.log(System.Logger.Level.DEBUG, "unreadable form body", e);
            resp.setHeader("Connection", "close");
            answer(req, resp, Problem.of(400, isMultipart(req) ? "multipart-invalid" : "form-invalid",
                    "The form could not be read (malformed, incomplete or too slow)"));
        }
    }

    static Problem storageFull() {
        return Problem.of(507, "storage-full", "The server's storage is full; nothing was saved. Try again later");
    }

    /** The request attribute Jetty (ee10) reads the multipart configuration from when it parses the parts. */
    static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    private static final String SPOOL = "io.portcullis.demo.multipart-spool";

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return; // already released before the answer
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the multipart spool " + dir + ": " + e.getMessage());
        }
    }

    /** Bytes a multipart form may carry beyond the file itself (boundaries, the CSRF field, headers). */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    /**
     * 413 without storing a byte. A body up to twice the limit is read and discarded first (only a
     * logged-in user gets here), because a browser still sending when the server closes often shows
     * "connection reset" instead of the answer; a larger one is not read and the connection closes.
     */
    private void tooLarge(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Connection", "close");
        if (!discardRest(req)) {
            return; // the client went away or was too slow: nobody to answer
        }
        tooLargeProblem().write(resp);
    }

    /**
     * Reads and discards what is left of a body of at most twice the upload limit, so the answer is
     * not lost to a reset when the connection closes; a larger body is left unread. False when the
     * client went away or was too slow while sending it.
     */
    private boolean discardRest(HttpServletRequest req) {
        if (req.getContentLengthLong() > 2 * maxUpload) {
            return true;
        }
        try (var in = req.getInputStream()) {
            byte[] sink = new byte[64 * 1024];
            while (in.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Problem tooLargeProblem() {
        return Problem.of(413, "TOO_LARGE", "The upload is larger than " + maxUpload + " bytes");
    }

    /**
     * Deletes this request's multipart spool now, before the answer is written: once the client has
     * the answer, nothing of the request is left on disk (the request's end deletes it again, harmlessly).
     */
    static void releaseSpool(HttpServletRequest req) {
        if (req.getAttribute(SPOOL) instanceof Path spool) {
            deleteTree(spool);
        }
    }

    private static void answer(HttpServletRequest req, HttpServletResponse resp, Problem p) throws IOException {
        releaseSpool(req);
        if (!resp.isCommitted()) {
            resp.reset();
            p.write(resp);
        }
    }

    /** A browser's own word that the form came from another site (Fetch Metadata, or an Origin that is not ours). */
    private static boolean crossSite(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null) { // Fetch Metadata, when the browser sends it, is the browser's own word
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = req.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            // no Origin, or "null" (Referrer-Policy: no-referrer makes browsers send that): the token decides
            return false;
        }
        String self = req.getScheme() + "://" + req.getServerName()
                + (req.getServerPort() == ("https".equals(req.getScheme()) ? 443 : 80) ? "" : ":" + req.getServerPort());
        return !origin.equalsIgnoreCase(self);
    }

    static boolean isFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Database.StorageFullException || Database.isFull(t)) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean tooLargeCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            String n = t.getClass().getSimpleName();
            if (n.contains("TooLarge") || m != null && (m.contains("exceeds max") || m.contains("max file size")
                    || m.contains("max request size") || m.contains("413"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMultipart(HttpServletRequest req) {
        String ct = req.getContentType();
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }
}

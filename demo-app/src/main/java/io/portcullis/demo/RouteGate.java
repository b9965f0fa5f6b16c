package io.portcullis.demo;

import io.portcullis.core.Problem;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
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
 * Everything the demo decides from the request line and headers alone, before any body byte is
 * read by upload-guard's {@code UploadGuardFilter}, the CSRF filter or a handler: the route
 * ({@code 404}, {@code 405} with {@code Allow}), multipart only where the route takes files
 * ({@code 415}), log-in ({@code 303 /login?next=…} for GET, {@code 403 login-required} otherwise)
 * and an upload's announced size ({@code 413 TOO_LARGE}, or {@code 507 storage-full} when the
 * spool's file system cannot hold it). A request refused here never waits for a slow body, and an
 * anonymous client cannot make the server parse a multipart body at all. The route found is
 * left in the request attribute {@link #MATCH} for the {@link Router}.
 */
final class RouteGate implements Filter {

    static final String MATCH = "io.portcullis.demo.route";
    private static final System.Logger LOG = System.getLogger(RouteGate.class.getName());

    private final RouteTable table;
    private final long maxUpload;
    private final Path spool;

    /**
     * @param spool where upload-guard spools multipart bodies: an upload announcing more than
     *     its file system has free is refused before it is read
     */
    RouteGate(RouteTable table, long maxUpload, Path spool) {
        this.table = table;
        this.maxUpload = maxUpload;
        this.spool = spool;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = path(req);
        String m = req.getMethod();
        HttpMethod method;
        try {
            method = HttpMethod.valueOf("HEAD".equals(m) ? "GET" : m);
        } catch (IllegalArgumentException e) {
            method = null; // an unknown method, or a lower-case "post": 405 before anything is read
        }
        RouteTable.Match match = table.find(method, path); // null: no route matches, Allow lists them all
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
        if (route.acceptsFiles() && req.getContentLengthLong() > maxUpload + Router.MULTIPART_OVERHEAD) {
            refuseUnread(req, resp, Router.tooLarge(maxUpload));
            return;
        }
        if (route.acceptsFiles() && isMultipart(req) && req.getContentLengthLong() > usableSpace()) {
            LOG.log(System.Logger.Level.WARNING, "storage full: an upload of " + req.getContentLengthLong()
                    + " bytes does not fit in " + spool);
            refuseUnread(req, resp, Router.storageFull());
            return;
        }
        req.setAttribute(MATCH, match);
        try {
            chain.doFilter(req, resp);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!BodyDeadline.exceeded(e)) {
                throw e;
            }
            // the body did not arrive in time, whoever was reading it: the CSRF filter reading a form's
            // token, upload-guard reading an upload
            if (!resp.isCommitted()) {
                resp.reset();
                resp.setHeader("Connection", "close");
                Problem.of(408, "body-deadline", "The request body did not arrive in time; send it again").write(resp);
            }
        }
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(spool).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the spool's own failure answers 507 later
        }
    }

    /**
     * Answers without storing a byte. A body up to twice the upload limit is read and discarded
     * first (only a logged-in user gets here), because a browser still sending when the server
     * closes often shows "connection reset" instead of the answer; a larger one is not read and
     * the connection closes.
     */
    private void refuseUnread(HttpServletRequest req, HttpServletResponse resp, Problem p) throws IOException {
        resp.setHeader("Connection", "close");
        if (!Router.discardRest(req, 2 * maxUpload)) {
            return; // the client went away or was too slow: nobody to answer
        }
        p.write(resp);
    }

    /** The path as the container routed it (decoded, normalised), {@code /} for the root. */
    static String path(HttpServletRequest req) {
        String path = req.getPathInfo() == null ? req.getServletPath() : req.getServletPath() + req.getPathInfo();
        return path.isEmpty() ? "/" : path;
    }

    static boolean isMultipart(HttpServletRequest req) {
        String ct = req.getContentType();
        return ct != null && ct.strip().toLowerCase(Locale.ROOT).startsWith("multipart");
    }
}

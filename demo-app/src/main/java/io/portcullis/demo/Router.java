package io.portcullis.demo;

import io.portcullis.core.Problem;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The one servlet of the demo. It runs the handler of the route {@link RouteGate} found, after
 * the filters in front of it decided everything else: {@link RouteGate} the route, log-in and an
 * upload's size from the headers; upload-guard's {@code UploadGuardFilter} the multipart body of
 * {@code /upload}; and the CSRF filter ({@code io.portcullis.csrf.CsrfFilter}) Fetch Metadata,
 * Origin and the token of every unsafe request, whatever the route's protection. A storage or
 * other failure in a handler is the app's problem+json, never the container's page.
 */
final class Router extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    /** Bytes a multipart form may carry beyond the file itself (boundaries, the CSRF field, headers). */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if ("HEAD".equals(req.getMethod())) {
            super.service(req, resp); // HttpServlet answers HEAD with doGet and no body
            return;
        }
        serve(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!(req.getAttribute(RouteGate.MATCH) instanceof RouteTable.Match match)) {
            Problem.of(404, "not-found", "Not found").write(resp); // only reachable without the gate
            return;
        }
        String what = req.getMethod() + " " + RouteGate.path(req);
        try {
            match.route().handler().handle(new Exchange(req, resp, match.params()));
        } catch (IllegalStateException | IOException | ServletException e) {
            if (isFull(e)) {
                LOG.log(System.Logger.Level.WARNING, "storage full: " + what + ": " + e.getMessage());
                answer(resp, storageFull());
            } else {
                LOG.log(System.Logger.Level.WARNING, "request failed: " + what, e);
                answer(resp, Problem.of(500, "internal-error", "Something went wrong; see the server log"));
            }
        }
    }

    static Problem storageFull() {
        return Problem.of(507, "storage-full", "The server's storage is full; nothing was saved. Try again later");
    }

    static Problem tooLarge(long maxUpload) {
        return Problem.of(413, "TOO_LARGE", "The upload is larger than " + maxUpload + " bytes");
    }

    /**
     * Reads and discards what is left of a body of at most {@code max} bytes, so the answer is
     * not lost to a reset when the connection closes; a larger body is left unread. False when the
     * client went away or was too slow while sending it.
     */
    static boolean discardRest(HttpServletRequest req, long max) {
        if (req.getContentLengthLong() > max) {
            return true;
        }
        try (var in = req.getInputStream()) {
            byte[] sink = new byte[64 * 1024];
            long read = 0;
            for (int n; (n = in.read(sink)) >= 0;) {
                read += n;
                if (read > max) {
                    return true; // a chunked body larger than announced limits: stop reading, close
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void answer(HttpServletResponse resp, Problem p) throws IOException {
        if (!resp.isCommitted()) {
            resp.reset();
            p.write(resp);
        }
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
}

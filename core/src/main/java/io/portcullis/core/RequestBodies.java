package io.portcullis.core;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * What a filter does with a body it refuses before reading. A refusal written while the body is
 * still in flight makes the container close the connection (Jetty 12 does when the unread rest
 * has not arrived yet), and the client's next request on that kept-alive connection fails with no
 * answer at all. A small body is therefore read and dropped first; a large one is not read (that
 * is what a refusal saves) and the answer says {@code Connection: close} on HTTP/1.x, so the
 * client knows not to reuse the connection.
 */
public final class RequestBodies {

    /** The bound filters use for a refused body: forms and small API calls fit, uploads do not. */
    public static final long SMALL_BODY = 64 * 1024;

    private RequestBodies() {
    }

    /**
     * Reads and drops the unread rest of the request body when it is at most {@code max} bytes,
     * otherwise (or when reading fails) marks the uncommitted response {@code Connection: close}.
     * Call it before writing the refusal. True when the connection can carry the next request.
     */
    public static boolean discardOrClose(HttpServletRequest request, HttpServletResponse response, long max) {
        long declared = request.getContentLengthLong();
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (declared == 0 || (declared < 0 && !chunked)) {
            return true; // no body
        }
        if (declared > max || !drained(request, max)) {
            close(request, response);
            return false;
        }
        return true;
    }

    private static boolean drained(HttpServletRequest request, long max) {
        try {
            InputStream in = request.getInputStream();
            byte[] sink = new byte[8192];
            long read = 0;
            for (int n; (n = in.read(sink)) >= 0;) {
                read += n;
                if (read > max) {
                    return false; // a chunked body larger than the bound: stop reading
                }
            }
            return true;
        } catch (IOException | RuntimeException e) { // client gone, or the app already chose the reader
            return false;
        }
    }

    private static void close(HttpServletRequest request, HttpServletResponse response) {
        if (!response.isCommitted() && request.getProtocol().toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
        }
    }
}

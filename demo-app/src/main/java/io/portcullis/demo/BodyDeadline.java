package io.portcullis.demo;

import java.time.Duration;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A total deadline for a request body, counted from the moment its headers were read: a body
 * still incomplete when it passes fails its next read with {@link Exceeded} (408), whatever its
 * rate. This is separate from the minimum data rate, which a client can satisfy for hours by
 * trickling just above it (a 10 MiB upload at 1 KiB/s would hold its worker thread for almost
 * three hours).
 *
 * <ul>
 *   <li>A urlencoded form is read by {@code EagerContentHandler} without a thread; when its read
 *       fails, the servlet's {@code getParameter} rethrows the failure, and a multipart upload
 *       (read by the servlet on a worker thread) fails its read the same way. Either way
 *       {@link RouteGate} answers {@code 408 body-deadline} problem+json and closes the connection.
 *   <li>A client that stops sending altogether is closed by the connection's idle timeout; the
 *       deadline is checked on each read, i.e. whenever bytes arrive, which a trickling client
 *       keeps doing.
 * </ul>
 */
final class BodyDeadline extends Handler.Wrapper {

    /** The body did not arrive in time. */
    static final class Exceeded extends HttpException.RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(Duration deadline) {
            super(408, "request body not complete within " + deadline.toSeconds() + " s");
        }
    }

    private final Duration deadline;

    BodyDeadline(Handler next, Duration deadline) {
        super(next);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("body deadline must be positive; got " + deadline);
        }
        this.deadline = deadline;
    }

    Duration deadline() {
        return deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return super.handle(request, response, callback); // no body (HTTP/1.1: neither length nor chunks)
        }
        long end = System.nanoTime() + deadline.toNanos();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk == null || chunk.isLast() || System.nanoTime() - end < 0) {
                    return chunk; // nothing yet, the whole body (even if late), or still in time
                }
                chunk.release();
                return Content.Chunk.from(new Exceeded(deadline), true);
            }
        }, response, callback);
    }

    /** True when {@code e} or one of its causes is this deadline's failure. */
    static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Exceeded) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof Exceeded) {
                    return true;
                }
            }
        }
        return false;
    }
}

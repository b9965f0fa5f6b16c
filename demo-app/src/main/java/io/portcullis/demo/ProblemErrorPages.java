package io.portcullis.demo;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request line or headers it refuses, a body too slow or too large
 * for it, an error the servlet did not handle) as RFC 9457 {@code application/problem+json} with
 * a stable code, whatever the client's {@code Accept}: never an HTML page, never an exception
 * chain. One for the server, one for the servlet context.
 */
final class ProblemErrorPages {

    private ProblemErrorPages() {
    }

    /** For errors Jetty answers before the request reaches the servlet context. */
    static final class Server extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
            writeProblem(response, callback, code);
            return true;
        }
    }

    /** For errors inside the servlet context ({@code sendError}, an uncaught exception). */
    static final class Context extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
            writeProblem(response, callback, code);
            return true;
        }
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "TOO_LARGE";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            case 503 -> "unavailable";
            case 507 -> "storage-full";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
    }

    static String title(int status) {
        return switch (status) {
            case 408 -> "The request was too slow; send it again";
            case 413 -> "The request is larger than the server accepts (uploads: up to " + DemoServer.MAX_UPLOAD + " bytes)";
            case 414, 431 -> "The request line or headers are too large";
            case 507 -> "The server's storage is full; nothing was saved. Try again later";
            default -> status >= 500 ? "Something went wrong; see the server log" : "The request could not be understood";
        };
    }

    static void writeProblem(Response response, Callback callback, int status) {
        String json = io.portcullis.core.Problem.of(status < 400 || status > 599 ? 500 : status, code(status), title(status))
                .toJson();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }

}

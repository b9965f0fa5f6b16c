package io.portcullis.demo;

import io.portcullis.upload.Reason;
import io.portcullis.upload.UploadGuardFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sits in front of upload-guard's {@code UploadGuardFilter} on the upload route and holds the
 * answer to a multipart request until the guard has returned, so that:
 * <ul>
 *   <li>the guard's temporary files are deleted <em>before</em> the client has the answer (nothing
 *       of a refused upload is on disk once the client knows it was refused);</li>
 *   <li>the rest of a body the guard stopped reading (a file over the limit) is read off first, so
 *       the closing connection does not reset the answer away;</li>
 *   <li>a spool the guard could not write (a full disk: the body itself arrived fine) is
 *       {@code 507 storage-full}, not the guard's {@code 400 MULTIPART_MALFORMED};</li>
 *   <li>a browser (its {@code Accept} names {@code text/html}) sees the guard's refusal as the
 *       demo's verdict page — the same status and reason codes — while every other client gets the
 *       guard's {@code application/problem+json} unchanged.</li>
 * </ul>
 */
final class UploadAnswers implements Filter {

    /** The guard's detail for an I/O failure while it read or spooled the body. */
    static final String INTERRUPTED = "the upload was interrupted";
    private static final System.Logger LOG = System.getLogger(UploadAnswers.class.getName());

    private final long maxUpload;

    UploadAnswers(long maxUpload) {
        this.maxUpload = maxUpload;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        if (!RouteGate.isMultipart(req)) {
            chain.doFilter(req, resp);
            return;
        }
        Watched watched = new Watched(req);
        Held held = new Held(resp);
        chain.doFilter(watched, held);
        if (held.passedThrough) {
            return;
        }
        byte[] body = held.body.toByteArray();
        String type = held.contentType == null ? "" : held.contentType;
        boolean guardAnswered = req.getAttribute(UploadGuardFilter.FILES) == null
                && type.startsWith("application/problem+json");
        if (guardAnswered) {
            Map<String, Object> problem = Json.object(new String(body, StandardCharsets.UTF_8));
            String code = String.valueOf(problem.get("code"));
            if (isGuardReason(code)) {
                // the guard's I/O failure while the body was still arriving intact: its spool could not be written
                boolean spoolFailed = Reason.MULTIPART_MALFORMED.name().equals(code) && watched.readFailure == null
                        && !watched.ended && INTERRUPTED.equals(problem.get("detail"));
                if (watched.readFailure != null && BodyDeadline.exceeded(watched.readFailure)) {
                    resp.setHeader("Connection", "close"); // the body deadline passed while the guard read it
                    io.portcullis.core.Problem.of(408, "body-deadline",
                            "The request body did not arrive in time; send it again").write(resp);
                    return;
                }
                Router.discardRest(watched, 2 * maxUpload);
                if (spoolFailed) {
                    LOG.log(System.Logger.Level.WARNING, "storage full (or not writable) while spooling an upload");
                    resp.setHeader("Connection", "close");
                    Router.storageFull().write(resp);
                    return;
                }
                if (acceptsHtml(req) && problem.get("reasons") instanceof List<?>) {
                    UserFiles.refusalPage(new Exchange(req, resp, Map.of()), held.status, problem);
                    return;
                }
            }
        }
        resp.setStatus(held.status);
        if (held.contentType != null) {
            resp.setContentType(held.contentType);
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static boolean isGuardReason(String code) {
        for (Reason r : Reason.values()) {
            if (r.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptsHtml(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    /**
     * The request as the guard reads it, remembering whether reading the body failed or reached its
     * end. Once {@code Content-Length} bytes have arrived, the read for the end of the body is
     * answered here: Jetty checks its minimum data rate (averaged from the first byte) at every
     * read, so that last read, made after upload-guard spent a moment inspecting the file, would
     * otherwise fail a small upload that had long arrived with 408.
     */
    private static final class Watched extends HttpServletRequestWrapper {
        Throwable readFailure;
        boolean ended;
        private long remaining;
        private ServletInputStream in;

        Watched(HttpServletRequest request) {
            super(request);
            remaining = request.getContentLengthLong();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream raw = super.getInputStream();
                in = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        int n = read(one, 0, 1);
                        return n < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (remaining == 0 || ended) {
                            ended = true;
                            return -1;
                        }
                        try {
                            int n = raw.read(b, off, remaining > 0 ? (int) Math.min(len, remaining) : len);
                            ended |= n < 0;
                            if (n > 0 && remaining > 0) {
                                remaining -= n;
                            }
                            return n;
                        } catch (IOException | RuntimeException e) {
                            readFailure = e;
                            throw e;
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return raw.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        raw.setReadListener(listener);
                    }
                };
            }
            return in;
        }
    }

    /**
     * Holds status, type and body in memory until the chain returns (headers go through at once).
     * {@code sendError} is passed through: then nothing is held.
     */
    private static final class Held extends HttpServletResponseWrapper {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        String contentType;
        boolean passedThrough;
        private ServletOutputStream out;
        private PrintWriter writer;

        Held(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            passedThrough = true;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            passedThrough = true;
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            passedThrough = true;
            super.sendRedirect(location);
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public void setContentLength(int len) {
            // recomputed when the held body is written
        }

        @Override
        public void setContentLengthLong(long len) {
            // recomputed when the held body is written
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (out == null) {
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        body.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("no async writes behind the upload route");
                    }
                };
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void resetBuffer() {
            body.reset();
        }

        @Override
        public void reset() {
            super.reset();
            body.reset();
            status = 200;
            contentType = null;
        }

        @Override
        public boolean isCommitted() {
            return passedThrough;
        }
    }

    /** Just enough JSON for a problem object: string, number, boolean and null members, and arrays of them. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Map<String, Object> object(String text) {
            try {
                Json j = new Json(text);
                j.ws();
                return j.obj();
            } catch (RuntimeException e) {
                return Map.of();
            }
        }

        private Map<String, Object> obj() {
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                i++;
                return out;
            }
            while (true) {
                ws();
                String name = str();
                ws();
                expect(':');
                ws();
                out.put(name, value());
                ws();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return str();
            }
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                ws();
                if (peek() == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    ws();
                    list.add(value());
                    ws();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return list;
                }
            }
            int start = i;
            while (i < s.length() && ",]} \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String str() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }
    }
}

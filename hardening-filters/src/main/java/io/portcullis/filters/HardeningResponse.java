package io.portcullis.filters;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the policy's headers just before the response commits, whichever way it commits:
 * the buffer filling up or the content length being reached (bytes are counted, as Spring's
 * {@code OnCommittedResponseWrapper} does), {@code flush}/{@code close} of the stream or writer,
 * {@code flushBuffer}, {@code sendError}, {@code sendRedirect}, or the end of the filter chain;
 * for a response produced asynchronously through this wrapper (see {@link HardeningRequest}),
 * the first of those on the async thread, {@code AsyncContext.complete()/dispatch()}, a timeout
 * or an error. Also rewrites every {@code Set-Cookie} the application adds, through
 * {@code addCookie} or as a header, from any thread, and drops headers on the removal list.
 */
final class HardeningResponse extends HttpServletResponseWrapper {

    private final Engine engine;
    private final HttpServletRequest request;
    private final EffectiveRequest effective;
    private volatile boolean written;
    private long bytes;
    private long contentLength = -1;
    private ServletOutputStream stream;
    private PrintWriter writer;

    HardeningResponse(HttpServletResponse response, Engine engine, HttpServletRequest request, EffectiveRequest effective) {
        super(response);
        this.engine = engine;
        this.request = request;
        this.effective = effective;
    }

    /** Writes the headers now unless already written or committed; the request thread and an async thread may race here. */
    synchronized void beforeCommit() {
        if (!written) {
            written = true;
            HttpServletResponse r = (HttpServletResponse) getResponse();
            if (!r.isCommitted()) {
                engine.writeHeaders(request, effective, r);
            }
        }
    }

    private void beforeWrite(long n) {
        if (written) {
            return;
        }
        bytes += n;
        long limit = getResponse().getBufferSize();
        if (contentLength >= 0) {
            limit = Math.min(limit, contentLength);
        }
        if (bytes >= limit) {
            beforeCommit();
        }
    }

    @Override
    public void reset() {
        super.reset();
        written = false;
        bytes = 0;
        contentLength = -1;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        bytes = 0;
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit();
        super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void setContentLength(int len) {
        super.setContentLength(len);
        contentLength = len;
        beforeWrite(0);
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        contentLength = len;
        beforeWrite(0);
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (engine.rewritesCookies()) {
            String line = engine.cookieFromObject(cookie, effective);
            if (line != null) {
                super.addHeader("Set-Cookie", line);
                return;
            }
        }
        super.addCookie(cookie);
    }

    @Override
    public void setHeader(String name, String value) {
        if (engine.isRemoved(name)) {
            return;
        }
        super.setHeader(name, value != null && isSetCookie(name) ? engine.cookieFromHeader(value, effective) : value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (engine.isRemoved(name)) {
            return;
        }
        super.addHeader(name, value != null && isSetCookie(name) ? engine.cookieFromHeader(value, effective) : value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!engine.isRemoved(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!engine.isRemoved(name)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!engine.isRemoved(name)) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!engine.isRemoved(name)) {
            super.addDateHeader(name, date);
        }
    }

    private boolean isSetCookie(String name) {
        return engine.rewritesCookies() && "Set-Cookie".equalsIgnoreCase(name);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream out = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    beforeWrite(1);
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    beforeWrite(len);
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    beforeCommit();
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    beforeCommit();
                    out.close();
                }

                @Override
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter out = super.getWriter();
            String enc = getCharacterEncoding();
            int factor = enc == null || enc.equalsIgnoreCase("ISO-8859-1") || enc.equalsIgnoreCase("US-ASCII") ? 1
                    : enc.equalsIgnoreCase("UTF-8") ? 0 : 4;
            writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    beforeWrite(factor == 0 ? utf8Length(buf, off, len) : (long) len * factor);
                    out.write(buf, off, len);
                }

                @Override
                public void write(String s, int off, int len) {
                    beforeWrite(factor == 0 ? s.substring(off, off + len).getBytes(StandardCharsets.UTF_8).length : (long) len * factor);
                    out.write(s, off, len);
                }

                @Override
                public void flush() {
                    beforeCommit();
                    out.flush();
                }

                @Override
                public void close() {
                    beforeCommit();
                    out.close();
                }
            }, false);
        }
        return writer;
    }

    private static long utf8Length(char[] buf, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}

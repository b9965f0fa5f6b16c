package io.portcullis.filters;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Calls {@link #beforeCommit()} once, just before the wrapped response can commit, whichever way
 * it commits (after Spring Security's {@code OnCommittedResponseWrapper}):
 * <ul>
 *   <li>the body reaching the declared length, whether it was declared with
 *       {@code setContentLength}/{@code setContentLengthLong} or as a {@code Content-Length}
 *       header ({@code setHeader}, {@code addHeader}, {@code setIntHeader}, {@code addIntHeader},
 *       any case) — the container commits as soon as that many bytes are written;</li>
 *   <li>the body filling the buffer (bytes are counted; characters through the writer in its encoding);</li>
 *   <li>{@code flush}/{@code close} of the stream or writer, {@code flushBuffer};</li>
 *   <li>{@code sendError}, {@code sendRedirect}.</li>
 * </ul>
 * The end of the filter chain and the async paths (complete, dispatch, timeout, error) call
 * {@link #beforeCommit()} from outside. Only commit detection lives here; what happens before
 * the commit is {@link #onBeforeCommit()}.
 */
abstract class CommitDetectingResponse extends HttpServletResponseWrapper {

    private static final String CONTENT_LENGTH = "Content-Length";

    private volatile boolean done;
    private boolean started;
    // ints, saturating: a limit is at most a buffer size (an int), so a count past Integer.MAX_VALUE
    // or a longer declared length decides nothing more (each field is 4 bytes less per response)
    private int bytes;
    private int contentLength = -1;
    /** The application's {@link Stream} or {@link CountingWriter} (a response hands out one of them). */
    private Object body;

    CommitDetectingResponse(HttpServletResponse response) {
        super(response);
    }

    /** What to do once, before the commit; the wrapped response is not committed yet when this runs. */
    abstract void onBeforeCommit();

    /**
     * Runs {@link #onBeforeCommit()} now unless it ran already or the response is committed;
     * threads may race here, and a thread that loses waits until the winner's headers are written.
     */
    final void beforeCommit() {
        if (!done) { // volatile: set only after onBeforeCommit() has returned
            runOnce();
        }
    }

    private synchronized void runOnce() {
        if (!done && !started) {
            started = true;
            try {
                if (!getResponse().isCommitted()) {
                    onBeforeCommit();
                }
            } finally {
                done = true;
            }
        }
    }

    private void written(long n) {
        if (done) {
            return;
        }
        long sum = bytes + n;
        bytes = sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
        int limit = getResponse().getBufferSize();
        if (contentLength >= 0 && contentLength < limit) {
            limit = contentLength;
        }
        if (bytes >= limit) {
            beforeCommit();
        }
    }

    private void lengthDeclared(long length) {
        contentLength = length < 0 ? -1 : (int) Math.min(length, Integer.MAX_VALUE);
        written(0);
    }

    /** A Content-Length header value as the containers read it: digits only, else not a length. */
    private static long parseLength(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isContentLength(String name) {
        return name != null && name.length() == CONTENT_LENGTH.length() && name.equalsIgnoreCase(CONTENT_LENGTH);
    }

    @Override
    public void reset() {
        super.reset();
        synchronized (this) {
            started = false;
            done = false;
        }
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
        lengthDeclared(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        lengthDeclared(len);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        if (isContentLength(name)) {
            lengthDeclared(parseLength(value));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        if (isContentLength(name)) {
            lengthDeclared(parseLength(value));
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        if (isContentLength(name)) {
            lengthDeclared(value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        if (isContentLength(name)) {
            lengthDeclared(value);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (body instanceof Stream s) {
            return s;
        }
        // the container refuses the stream once the writer was taken (until a reset), so one field holds either
        Stream s = new Stream(super.getOutputStream());
        body = s;
        return s;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (body instanceof CountingWriter w) {
            return w;
        }
        CountingWriter w = new CountingWriter(super.getWriter(), bytesPerChar(getCharacterEncoding()));
        body = w;
        return w;
    }

    /** 1 for single-byte charsets, 0 for UTF-8 (counted exactly), 4 as an upper bound otherwise. */
    private static byte bytesPerChar(String enc) {
        if (enc == null || enc.equalsIgnoreCase("ISO-8859-1") || enc.equalsIgnoreCase("US-ASCII")) {
            return 1;
        }
        return (byte) (enc.equalsIgnoreCase("UTF-8") ? 0 : 4);
    }

    private static long utf8Length(char c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }

    private final class Stream extends ServletOutputStream {
        private final ServletOutputStream out;

        Stream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            written(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written(len);
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
    }

    /**
     * The application's writer: counts each character in the response encoding, then hands it
     * to the container's writer. One object, like Spring's {@code SaveContextPrintWriter}: every
     * public method of {@link PrintWriter} is overridden here and ends in one of the three
     * counting {@code write}s (none falls through to {@code PrintWriter}'s own code, which would
     * write to the container uncounted; a test checks the list against the JDK's). Counting and
     * writing happen under the writer's lock, so concurrent writers cannot lose a count.
     * The container's writer is {@link PrintWriter}'s own {@code out} (and {@code lock}); the
     * factor is a byte, which fits in {@link PrintWriter}'s padding: 40 bytes per response.
     */
    final class CountingWriter extends PrintWriter {
        private final byte factor;

        CountingWriter(PrintWriter target, byte factor) {
            super(target, false);
            this.factor = factor;
        }

        /** The container's writer. */
        private PrintWriter target() {
            return (PrintWriter) out;
        }

        @Override
        public void write(int c) {
            synchronized (lock) {
                written(factor == 0 ? utf8Length((char) c) : factor);
                target().write(c);
            }
        }

        // once the headers are written nothing needs counting (done is volatile and only ever turns true
        // until a reset(), which the application does not run concurrently with its own writes)

        @Override
        public void write(char[] buf, int off, int len) {
            synchronized (lock) {
                if (!done) {
                    if (factor == 0) {
                        long n = len;
                        for (int i = off; i < off + len; i++) {
                            char c = buf[i];
                            if (c >= 0x80) {
                                n += utf8Length(c) - 1;
                            }
                        }
                        written(n);
                    } else {
                        written((long) len * factor);
                    }
                }
                target().write(buf, off, len);
            }
        }

        @Override
        public void write(String s, int off, int len) {
            synchronized (lock) {
                if (!done) {
                    if (factor == 0) {
                        long n = len;
                        for (int i = off; i < off + len; i++) {
                            char c = s.charAt(i);
                            if (c >= 0x80) {
                                n += utf8Length(c) - 1;
                            }
                        }
                        written(n);
                    } else {
                        written((long) len * factor);
                    }
                }
                target().write(s, off, len);
            }
        }

        @Override
        public void write(char[] buf) {
            write(buf, 0, buf.length);
        }

        @Override
        public void write(String s) {
            write(s, 0, s.length());
        }

        @Override
        public void print(boolean b) {
            write(String.valueOf(b));
        }

        @Override
        public void print(char c) {
            write(c);
        }

        @Override
        public void print(int i) {
            write(String.valueOf(i));
        }

        @Override
        public void print(long l) {
            write(String.valueOf(l));
        }

        @Override
        public void print(float f) {
            write(String.valueOf(f));
        }

        @Override
        public void print(double d) {
            write(String.valueOf(d));
        }

        @Override
        public void print(char[] s) {
            write(s);
        }

        @Override
        public void print(String s) {
            write(String.valueOf(s));
        }

        @Override
        public void print(Object obj) {
            write(String.valueOf(obj));
        }

        @Override
        public void println() {
            write(System.lineSeparator());
        }

        @Override
        public void println(boolean x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(char x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(int x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(long x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(float x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(double x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(char[] x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(String x) {
            synchronized (lock) {
                print(x);
                println();
            }
        }

        @Override
        public void println(Object x) {
            String s = String.valueOf(x);
            synchronized (lock) {
                print(s);
                println();
            }
        }

        @Override
        public PrintWriter printf(String format, Object... args) {
            return format(format, args);
        }

        @Override
        public PrintWriter printf(Locale l, String format, Object... args) {
            return format(l, format, args);
        }

        @Override
        public PrintWriter format(String format, Object... args) {
            write(String.format(format, args));
            return this;
        }

        @Override
        public PrintWriter format(Locale l, String format, Object... args) {
            write(String.format(l, format, args));
            return this;
        }

        @Override
        public PrintWriter append(CharSequence csq) {
            write(String.valueOf(csq));
            return this;
        }

        @Override
        public PrintWriter append(CharSequence csq, int start, int end) {
            CharSequence cs = csq == null ? "null" : csq;
            write(cs.subSequence(start, end).toString());
            return this;
        }

        @Override
        public PrintWriter append(char c) {
            write(c);
            return this;
        }

        @Override
        public void flush() {
            beforeCommit();
            target().flush();
        }

        @Override
        public void close() {
            beforeCommit();
            target().close();
        }

        @Override
        public boolean checkError() {
            flush();
            return target().checkError();
        }
    }
}

package io.portcullis.filters;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /** {@link #bytes}, added to atomically: writers on several threads lose no count, without a lock. */
    private static final VarHandle BYTES;

    static {
        try {
            BYTES = MethodHandles.lookup().findVarHandle(CommitDetectingResponse.class, "bytes", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // control: the declared length + 1 in the low 28 bits (0: none declared), whether the headers are
    // being / have been written, and two flags of the subclass, fixed at construction. A declared length
    // is kept up to LENGTH - 1 (256 MiB): a longer one can only matter with a larger buffer, and then the
    // headers are written when 256 MiB are reached, before the container commits. Every write of control
    // holds this object's lock; with the int count and one field for the body this object (plus the
    // wrapper's own reference) is 28 bytes, so a subclass with one reference is 32 (see docs/benchmarks.md)
    private static final int LENGTH = (1 << 28) - 1;
    private static final int STARTED = 1 << 28;
    private static final int DONE = 1 << 29;
    /** A subclass's flag, given at construction, kept through {@link #reset()}: read with {@link #flag}. */
    static final int FLAG_1 = 1 << 30;
    /** The other flag of a subclass. */
    static final int FLAG_2 = 1 << 31;
    private static final int FLAGS = FLAG_1 | FLAG_2;

    private volatile int control;
    // an int: a limit is at most a buffer size (an int), and a count past Integer.MAX_VALUE (negative after
    // the addition) is past any limit
    private int bytes;
    /**
     * The attachment until the application takes a body, then its {@link Stream} or
     * {@link CountingWriter} (a response hands out one of them), which carries the attachment on.
     */
    private Object body;

    CommitDetectingResponse(HttpServletResponse response) {
        this(response, null, 0);
    }

    /**
     * @param attachment what the subclass keeps for the whole exchange ({@link #attachment()}), or null
     * @param flags      {@link #FLAG_1} and/or {@link #FLAG_2}, read with {@link #flag}
     */
    CommitDetectingResponse(HttpServletResponse response, Object attachment, int flags) {
        super(response);
        if ((flags & ~FLAGS) != 0) {
            throw new IllegalArgumentException("flags " + flags);
        }
        this.body = attachment;
        this.control = flags;
    }

    /** Whether {@code flag} ({@link #FLAG_1} or {@link #FLAG_2}) was given at construction. */
    final boolean flag(int flag) {
        return (control & flag) != 0;
    }

    /** The attachment given at construction (final: whichever body was taken carries the same). */
    final Object attachment() {
        Object b = body;
        if (b instanceof Stream s) {
            return s.attachment;
        }
        return b instanceof CountingWriter w ? w.attachment : b;
    }

    /** What to do once, before the commit; the wrapped response is not committed yet when this runs. */
    abstract void onBeforeCommit();

    /**
     * Runs {@link #onBeforeCommit()} now unless it ran already or the response is committed;
     * threads may race here, and a thread that loses waits until the winner's headers are written.
     */
    final void beforeCommit() {
        if ((control & DONE) == 0) { // volatile: DONE is set only after onBeforeCommit() has returned
            runOnce();
        }
    }

    private synchronized void runOnce() {
        int c = control;
        if ((c & (DONE | STARTED)) == 0) {
            control = c | STARTED;
            try {
                if (!getResponse().isCommitted()) {
                    onBeforeCommit();
                }
            } finally {
                control |= DONE; // under the lock, as every write of control: nothing is lost
            }
        }
    }

    /**
     * Counts {@code n} bytes about to be written and runs {@link #beforeCommit()} when the count
     * reaches the buffer or the declared length. Called before the bytes go to the container, on
     * the writing thread; the addition is atomic, so concurrent writers cannot lose a count, and
     * whichever thread's bytes reach the limit writes the headers before writing them (a thread
     * that finds the limit reached waits in {@link #beforeCommit()} until the headers are written).
     */
    private void written(long n) {
        int c = control;
        if ((c & DONE) != 0) {
            return;
        }
        int limit = getResponse().getBufferSize();
        int length = (c & LENGTH) - 1;
        if (length >= 0 && length < limit) {
            limit = length;
        }
        if (n >= limit) {
            beforeCommit();
            return;
        }
        // both terms are below Integer.MAX_VALUE, so a sum past it shows as negative: reached too
        int after = (int) BYTES.getAndAdd(this, (int) n) + (int) n;
        if (after < 0 || after >= limit) {
            beforeCommit();
        }
    }

    private void lengthDeclared(long length) {
        synchronized (this) {
            control = control & ~LENGTH | (length < 0 ? 0 : (int) Math.min(length, LENGTH - 1) + 1);
        }
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
            control &= FLAGS; // not started, not done, no length declared
        }
        bytes = 0;
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
        Object b = body;
        if (b instanceof Stream s) {
            return s;
        }
        // the container refuses the stream once the writer was taken (until a reset), so one field holds either
        Stream s = new Stream(super.getOutputStream(), attachment());
        body = s;
        return s;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        Object b = body;
        if (b instanceof CountingWriter w) {
            return w;
        }
        CountingWriter w = new CountingWriter(super.getWriter(), this, bytesPerChar(getCharacterEncoding()),
                attachment());
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
        private final Object attachment;

        Stream(ServletOutputStream out, Object attachment) {
            this.out = out;
            this.attachment = attachment;
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
     * write to the container uncounted; a test checks the list against the JDK's). Each write is
     * counted (atomically, see {@link #written}) before it goes to the container's writer, which
     * takes its own lock; a {@code println} holds the lock around its text and line end.
     * The container's writer is {@link PrintWriter}'s own {@code out}; its {@code lock} is the
     * response (no extra reference to it; a {@code println} and the header write exclude each
     * other); the factor is a byte, which fits in {@link PrintWriter}'s padding beside the
     * attachment: 40 bytes per response.
     */
    static final class CountingWriter extends PrintWriter {
        private final byte factor;
        private final Object attachment;

        CountingWriter(PrintWriter target, CommitDetectingResponse owner, byte factor, Object attachment) {
            super(target, false);
            this.lock = owner;
            this.factor = factor;
            this.attachment = attachment;
        }

        /** The container's writer. */
        private PrintWriter target() {
            return (PrintWriter) out;
        }

        /** The response this writer counts for (its lock). */
        private CommitDetectingResponse owner() {
            return (CommitDetectingResponse) lock;
        }

        private boolean done() {
            return (owner().control & DONE) != 0;
        }

        @Override
        public void write(int c) {
            owner().written(factor == 0 ? utf8Length((char) c) : factor);
            target().write(c);
        }

        // once the headers are written nothing needs counting (DONE is in the volatile control word and only
        // ever turns on until a reset(), which the application does not run concurrently with its own writes); the
        // count is added atomically before the characters go to the container, so no lock is taken here

        @Override
        public void write(char[] buf, int off, int len) {
            if (!done()) {
                if (factor == 0) {
                    long n = len;
                    for (int i = off; i < off + len; i++) {
                        char c = buf[i];
                        if (c >= 0x80) {
                            n += utf8Length(c) - 1;
                        }
                    }
                    owner().written(n);
                } else {
                    owner().written((long) len * factor);
                }
            }
            target().write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            if (!done()) {
                if (factor == 0) {
                    long n = len;
                    for (int i = off; i < off + len; i++) {
                        char c = s.charAt(i);
                        if (c >= 0x80) {
                            n += utf8Length(c) - 1;
                        }
                    }
                    owner().written(n);
                } else {
                    owner().written((long) len * factor);
                }
            }
            target().write(s, off, len);
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
            owner().beforeCommit();
            target().flush();
        }

        @Override
        public void close() {
            owner().beforeCommit();
            target().close();
        }

        @Override
        public boolean checkError() {
            flush();
            return target().checkError();
        }
    }
}

package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each way a response can commit, one test each, on a fake container response with a 16-byte
 * buffer; each "reached" case has its "one byte short" positive control.
 */
class CommitDetectingResponseTest {

    private static final int BUFFER = 16;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final StringWriter text = new StringWriter();
    private final HttpServletResponse container = container();
    private final Counting response = new Counting(container);

    /** Counts the calls of {@link #onBeforeCommit()}. */
    static final class Counting extends CommitDetectingResponse {
        int calls;

        Counting(HttpServletResponse response) {
            super(response);
        }

        @Override
        void onBeforeCommit() {
            calls++;
        }
    }

    private HttpServletResponse container() {
        HttpServletResponse r = mock(HttpServletResponse.class);
        when(r.getBufferSize()).thenReturn(BUFFER);
        when(r.getCharacterEncoding()).thenReturn("UTF-8");
        try {
            when(r.getOutputStream()).thenReturn(new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            });
            when(r.getWriter()).thenReturn(new PrintWriter(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return r;
    }

    private void write(int n) throws IOException {
        response.getOutputStream().write(new byte[n]);
    }

    @Test
    void commitWhenSetContentLengthReachedThenBeforeCommitOnce() throws IOException {
        response.setContentLength(5);
        write(4);
        assertThat(response.calls).isZero();
        write(1);
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenSetContentLengthLongReachedThenBeforeCommit() throws IOException {
        response.setContentLengthLong(3);
        write(2);
        assertThat(response.calls).isZero();
        write(1);
        assertThat(response.calls).isEqualTo(1);
    }

    /** A length beyond the int range (2^32 + 4 here) is larger than any buffer: the buffer decides. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"4294967300", "9223372036854775807"})
    void commitWhenDeclaredLengthBeyondIntRangeThenTheBufferDecides(long length) throws IOException {
        response.setContentLengthLong(length);
        write(BUFFER - 1);
        assertThat(response.calls).isZero();
        write(1);
        assertThat(response.calls).isEqualTo(1);
    }

    /** A stream taken after the writer (a fake container allows both) still counts, and vice versa. */
    @Test
    void commitWhenBodyWrittenThroughStreamAndWriterThenBothCount() throws IOException {
        write(8);
        response.getWriter().write("12345678".toCharArray(), 0, 7);
        assertThat(response.calls).isZero();
        write(1);
        assertThat(response.calls).isEqualTo(1);
        assertThat(response.getOutputStream()).isSameAs(response.getOutputStream());
    }

    @Test
    void commitWhenContentLengthZeroThenBeforeCommitAtOnce() {
        response.setContentLength(0);
        assertThat(response.calls).isEqualTo(1);
    }

    /** The container commits at the declared length however it was declared: as a header, in any case. */
    @ParameterizedTest(name = "{0}(\"{1}\", 5)")
    @CsvSource(delimiter = '|', textBlock = """
            setHeader    | Content-Length
            addHeader    | Content-Length
            setIntHeader | Content-Length
            addIntHeader | Content-Length
            setHeader    | content-length
            addHeader    | CONTENT-LENGTH
            setIntHeader | content-Length
            addIntHeader | CoNtEnT-lEnGtH
            """)
    void commitWhenContentLengthHeaderReachedThenBeforeCommit(String method, String name) throws IOException {
        switch (method) {
            case "setHeader" -> response.setHeader(name, "5");
            case "addHeader" -> response.addHeader(name, "5");
            case "setIntHeader" -> response.setIntHeader(name, 5);
            case "addIntHeader" -> response.addIntHeader(name, 5);
            default -> throw new AssertionError(method);
        }
        write(4);
        assertThat(response.calls).as("one byte short").isZero();
        write(1);
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenOtherHeaderOrBadLengthThenOnlyTheBufferCounts() throws IOException {
        response.setHeader("Content-Language", "5");
        response.setHeader("Content-Length", "5x");
        write(5);
        assertThat(response.calls).isZero();
        write(BUFFER - 5);
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenContentLengthHeaderRemovedThenNoLongerCounts() throws IOException {
        response.setHeader("Content-Length", "5");
        response.setHeader("Content-Length", null);
        write(5);
        assertThat(response.calls).isZero();
    }

    @Test
    void commitWhenStreamFillsBufferThenBeforeCommit() throws IOException {
        write(BUFFER - 1);
        assertThat(response.calls).isZero();
        response.getOutputStream().write('x');
        assertThat(response.calls).isEqualTo(1);
        assertThat(body.size()).isEqualTo(BUFFER);
    }

    @Test
    void commitWhenWriterFillsBufferInUtf8BytesThenBeforeCommit() throws IOException {
        PrintWriter w = response.getWriter();
        w.write("\u20ac\u20ac\u20ac\u20ac\u20ac"); // 15 bytes in UTF-8, 5 chars
        assertThat(response.calls).isZero();
        w.write('x');
        assertThat(response.calls).isEqualTo(1);
        w.flush();
        assertThat(text.toString()).isEqualTo("\u20ac\u20ac\u20ac\u20ac\u20acx");
    }

    @Test
    void commitWhenStreamFlushedThenBeforeCommit() throws IOException {
        write(1);
        response.getOutputStream().flush();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenStreamClosedThenBeforeCommit() throws IOException {
        response.getOutputStream().close();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenWriterFlushedThenBeforeCommit() throws IOException {
        response.getWriter().flush();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenWriterClosedThenBeforeCommit() throws IOException {
        response.getWriter().close();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenFlushBufferThenBeforeCommit() throws IOException {
        response.flushBuffer();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenSendErrorThenBeforeCommit() throws IOException {
        response.sendError(403);
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenSendErrorWithMessageThenBeforeCommit() throws IOException {
        response.sendError(500, "boom");
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenSendRedirectThenBeforeCommit() throws IOException {
        response.sendRedirect("/elsewhere");
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenCalledFromOutsideThenBeforeCommit() {
        // the end of the filter chain and the async paths (complete, dispatch, timeout, error) call it directly
        response.beforeCommit();
        assertThat(response.calls).isEqualTo(1);
    }

    /**
     * Two threads writing through the application's writer at once (a {@code PrintWriter} may be
     * shared): no count is lost, so the headers come exactly when the buffer is full, not later.
     */
    @Test
    void commitWhenTwoThreadsWriteAtOnceThenNoCountIsLost() throws Exception {
        int perThread = 1_000_000;
        HttpServletResponse container = new HttpServletResponseWrapper(mock(HttpServletResponse.class)) {
            @Override
            public int getBufferSize() {
                return 2 * perThread;
            }

            @Override
            public boolean isCommitted() {
                return false;
            }

            @Override
            public String getCharacterEncoding() {
                return "UTF-8";
            }

            @Override
            public PrintWriter getWriter() {
                return new PrintWriter(Writer.nullWriter());
            }
        };
        Counting shared = new Counting(container);
        PrintWriter w = shared.getWriter();
        CountDownLatch start = new CountDownLatch(1);
        Runnable writeAll = () -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < perThread - 1; i++) {
                w.write('a');
            }
        };
        Thread a = new Thread(writeAll);
        Thread b = new Thread(writeAll);
        a.start();
        b.start();
        start.countDown();
        a.join();
        b.join();
        assertThat(shared.calls).isZero(); // two bytes short of the buffer
        w.write("é"); // two bytes in UTF-8: the buffer is full
        assertThat(shared.calls).isEqualTo(1);
    }

    /**
     * The declared length shares an int with the state flags and is kept up to 2^28 - 2 bytes: a
     * longer one with a buffer larger still has the headers written when that many bytes are
     * reached (before the container can commit), and never touches the flags.
     */
    @Test
    void commitWhenDeclaredLengthBeyondTheKeptRangeAndBufferLargerThenHeadersWhenTheRangeIsReached() throws IOException {
        HttpServletResponse container = new HttpServletResponseWrapper(mock(HttpServletResponse.class)) {
            @Override
            public int getBufferSize() {
                return Integer.MAX_VALUE;
            }

            @Override
            public boolean isCommitted() {
                return false;
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }
                };
            }
        };
        Counting big = new Counting(container);
        big.setContentLengthLong(1L << 30);
        assertThat(big.calls).isZero();
        int kept = (1 << 28) - 2;
        byte[] chunk = new byte[1 << 20];
        ServletOutputStream out = big.getOutputStream();
        long left = kept - 1L;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
        assertThat(big.calls).isZero(); // one byte short
        out.write(0);
        assertThat(big.calls).isEqualTo(1);
    }

    /** What a subclass gives at construction (flags, attachment) is kept through a reset and whichever body is taken. */
    @Test
    void flagsAndAttachmentWhenResetAndBodiesTakenThenKept() throws IOException {
        Object attachment = new Object();
        CommitDetectingResponse r = new CommitDetectingResponse(container(), attachment, CommitDetectingResponse.FLAG_2) {
            @Override
            void onBeforeCommit() {
            }
        };
        assertThat(r.flag(CommitDetectingResponse.FLAG_2)).isTrue();
        assertThat(r.flag(CommitDetectingResponse.FLAG_1)).isFalse();
        assertThat(r.attachment()).isSameAs(attachment);
        r.setContentLength(3);
        r.getWriter().write("ab");
        assertThat(r.attachment()).isSameAs(attachment);
        r.reset();
        r.getOutputStream().write(1);
        assertThat(r.attachment()).isSameAs(attachment);
        assertThat(r.flag(CommitDetectingResponse.FLAG_2)).isTrue();
        assertThat(r.flag(CommitDetectingResponse.FLAG_1)).isFalse();
        assertThat(new Counting(container()).attachment()).isNull();
    }

    @Test
    void commitWhenSeveralPathsThenOnlyOnce() throws IOException {
        response.setContentLength(1);
        write(1);
        response.flushBuffer();
        response.getOutputStream().close();
        response.beforeCommit();
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void commitWhenContainerAlreadyCommittedThenNothingWritten() throws IOException {
        when(container.isCommitted()).thenReturn(true);
        response.flushBuffer();
        assertThat(response.calls).isZero();
    }

    @Test
    void commitWhenResetThenArmedAgain() throws IOException {
        response.flushBuffer();
        response.reset();
        response.sendError(404);
        assertThat(response.calls).isEqualTo(2);
    }

    @Test
    void commitWhenResetBufferThenBytesCountedFromZero() throws IOException {
        write(BUFFER - 1);
        response.resetBuffer();
        write(BUFFER - 1);
        assertThat(response.calls).isZero();
        assertThat(new String(body.toByteArray(), StandardCharsets.ISO_8859_1)).hasSize(2 * (BUFFER - 1));
    }

    /** Writes {@code n} characters of ASCII text through one of the writer's methods. */
    private static void writeThrough(String method, PrintWriter w, int n) {
        String sep = System.lineSeparator();
        String text = "x".repeat(n);
        switch (method) {
            case "print" -> w.print(text);
            case "printChars" -> w.print(text.toCharArray());
            case "printObject" -> w.print((Object) new StringBuilder(text));
            case "printInt" -> w.print(Integer.parseInt("1".repeat(n)));
            case "println" -> {
                w.print("x".repeat(n - sep.length()));
                w.println();
            }
            case "printlnString" -> w.println("x".repeat(n - sep.length()));
            case "printf" -> w.printf("%s", text);
            case "format" -> w.format(Locale.ROOT, "%" + n + "s", "");
            case "append" -> w.append(text);
            case "appendRange" -> w.append("ab" + text + "cd", 2, 2 + n);
            case "appendChar" -> {
                for (int i = 0; i < n; i++) {
                    w.append('x');
                }
            }
            case "writeChars" -> w.write(text.toCharArray(), 0, n);
            default -> throw new IllegalArgumentException(method);
        }
    }

    @ParameterizedTest
    @CsvSource({"print", "printChars", "printObject", "println", "printlnString", "printf", "format", "append", "appendRange",
        "appendChar", "writeChars"})
    void commitWhenWriterFillsBufferThroughAnyPrintWriterMethodThenBeforeCommit(String method) throws IOException {
        PrintWriter w = response.getWriter();
        writeThrough(method, w, BUFFER - 1);
        assertThat(response.calls).as("one byte short").isZero();
        w.write('x');
        assertThat(response.calls).isEqualTo(1);
        w.flush();
        assertThat(text.toString()).hasSize(BUFFER);
    }

    @Test
    void commitWhenPrintIntFillsBufferThenBeforeCommit() throws IOException {
        PrintWriter w = response.getWriter();
        writeThrough("printInt", w, 9);
        w.print(123456);
        assertThat(response.calls).as("one byte short").isZero();
        w.print(1);
        assertThat(response.calls).isEqualTo(1);
    }

    @Test
    void writerWhenJdkPrintWriterHasAPublicMethodThenTheCountingWriterOverridesIt() {
        // a method left to PrintWriter's own code would write to the container without counting
        List<String> missing = new ArrayList<>();
        for (Method m : PrintWriter.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                CommitDetectingResponse.CountingWriter.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.toString());
            }
        }
        assertThat(missing).isEmpty();
    }
}

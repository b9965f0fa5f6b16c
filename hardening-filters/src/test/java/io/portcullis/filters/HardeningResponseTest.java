package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The response wrapper keeps what was decided on arrival — HTTPS or not, no-store path, the
 * request's nonce holder — in its commit state and in whichever body the application takes: the
 * headers and cookies it writes depend on them after a reset, after the writer or the stream was
 * taken, and after the nonce was first used while writing the body.
 */
class HardeningResponseTest {

    private final Engine engine = new Engine(HardeningPolicy.builder().logDeployCheck(false)
            .noStorePaths(java.util.List.of("/account/*")).build(), EnumSet.allOf(Part.class));
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private HttpServletResponse container() throws IOException {
        HttpServletResponse r = mock(HttpServletResponse.class);
        when(r.getBufferSize()).thenReturn(8192);
        when(r.getCharacterEncoding()).thenReturn("UTF-8");
        when(r.containsHeader(anyString())).thenAnswer(i -> headers.containsKey(i.<String>getArgument(0)));
        doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(r).addHeader(anyString(), anyString());
        doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(r).setHeader(anyString(), anyString());
        when(r.getWriter()).thenReturn(new PrintWriter(Writer.nullWriter()));
        when(r.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        });
        return r;
    }

    /** body: how the application writes before the commit ("writer", "stream", "writer-reset-stream", "none"). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "writer", "stream", "writer-reset-stream"})
    void headersWhenSecureNoStoreAndNonceUsedWhileWritingThenAllKeptWhicheverBodyWasTaken(String body) throws IOException {
        CspNonce nonce = new CspNonce();
        HardeningResponse r = new HardeningResponse(container(), engine, nonce, true, true);
        switch (body) {
            case "writer" -> r.getWriter().write("<p>");
            case "stream" -> r.getOutputStream().write('<');
            case "writer-reset-stream" -> {
                r.getWriter().write("<p>");
                r.reset();
                r.getOutputStream().write('<');
            }
            default -> {
            }
        }
        String value = nonce.value(); // first used while the page is written
        r.addCookie(new Cookie("id", "a3fWa"));
        r.flushBuffer();
        assertThat(headers).containsKey("Strict-Transport-Security");
        assertThat(headers).containsEntry("Cache-Control", "no-store");
        assertThat(headers.get("Content-Security-Policy")).contains("'nonce-" + value + "'");
        assertThat(headers.get("Set-Cookie")).contains("Secure");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "writer", "writer-reset-stream"})
    void headersWhenPlainHttpOtherPathAndNoNonceThenNeitherHstsNorNoStoreNorNonce(String body) throws IOException {
        HardeningResponse r = new HardeningResponse(container(), engine, null, false, false);
        if (!body.equals("none")) {
            r.getWriter().write("<p>");
        }
        if (body.equals("writer-reset-stream")) {
            r.reset();
            r.getOutputStream().write('<');
        }
        r.addCookie(new Cookie("id", "a3fWa"));
        r.flushBuffer();
        assertThat(headers).doesNotContainKeys("Strict-Transport-Security", "Cache-Control");
        assertThat(headers.get("Content-Security-Policy")).doesNotContain("nonce-");
        assertThat(headers.get("Set-Cookie")).doesNotContain("Secure");
    }
}

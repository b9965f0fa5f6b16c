package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of {@code getParameter} the CSRF filter answers as 400 FORM_UNREADABLE: Jetty wraps
 * both a body it cannot decode and a read that failed in the same "Unable to parse form content"
 * exception, and rethrows some failures as they are, so the exception and its causes decide (a
 * timed-out read is the demo's 408, not a bad form).
 */
class FormFailureTest {

    private static RuntimeException jetty(Throwable cause) {
        return new RuntimeException("Unable to parse form content", new ExecutionException(cause));
    }

    @Test
    void undecodableWhenTheFormItselfCannotBeDecodedThenTrue() {
        assertThat(CsrfFilter.undecodable(jetty(new IllegalArgumentException("Not valid encoding '%zz'")))).isTrue();
        assertThat(CsrfFilter.undecodable(jetty(new UnsupportedCharsetException("utf-7")))).isTrue();
        assertThat(CsrfFilter.undecodable(jetty(new IllegalStateException("form too large")))).isTrue();
        // Jetty's bytes that are not UTF-8: an IllegalArgumentException around a CharacterCodingException (an IOException)
        assertThat(CsrfFilter.undecodable(jetty(new IllegalArgumentException(new CharacterCodingException())))).isTrue();
        assertThat(CsrfFilter.undecodable(new IllegalArgumentException("the container refused the form"))).isTrue();
    }

    @Test
    void undecodableWhenTheReadFailedOrTimedOutThenFalse() {
        assertThat(CsrfFilter.undecodable(jetty(new EOFException("client went away")))).isFalse();
        assertThat(CsrfFilter.undecodable(jetty(new IOException("reset")))).isFalse();
        assertThat(CsrfFilter.undecodable(jetty(new TimeoutException("idle")))).isFalse();
        // the demo's body deadline: a RuntimeException carrying 408
        assertThat(CsrfFilter.undecodable(jetty(new RuntimeException("request body not complete within 5 s")))).isFalse();
        assertThat(CsrfFilter.undecodable(new RuntimeException("request body not complete within 5 s"))).isFalse(); // rethrown as is
    }
}

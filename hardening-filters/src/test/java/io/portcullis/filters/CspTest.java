package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.portcullis.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CspTest {

    private static final String K = "portcullis.csp.policy";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            default-src 'self'                                         | default-src 'self'
            DEFAULT-SRC 'SELF'                                         | default-src 'self'
            default-src 'self';                                        | default-src 'self'
            default-src 'none'; img-src 'self' data: https://cdn.test  | default-src 'none'; img-src 'self' data: https://cdn.test
            default-src 'self'; script-src 'self' 'sha256-abc+/=' 'nonce-xyz' | default-src 'self'; script-src 'self' 'sha256-abc+/=' 'nonce-xyz'
            default-src 'self'; upgrade-insecure-requests              | default-src 'self'; upgrade-insecure-requests
            default-src 'self'; sandbox                                | default-src 'self'; sandbox
            default-src 'self'; report-uri /csp-report                 | default-src 'self'; report-uri /csp-report
            default-src 'self'; script-src {nonce}                     | default-src 'self'; script-src 'none'
            default-src 'self'; script-src 'self' {nonce}              | default-src 'self'; script-src 'self'
            """)
    void parseWhenValidThenNormalised(String policy, String rendered) {
        assertThat(Csp.parse(K, policy, false).render(null)).isEqualTo(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            default-src 'self'; scirpt-src 'self'     | has an unknown directive "scirpt-src"; allowed: base-uri, block-all-mixed-content, child-src, connect-src, default-src, fenced-frame-src, font-src, form-action, frame-ancestors, frame-src, img-src, manifest-src, media-src, object-src, prefetch-src, report-to, report-uri, require-trusted-types-for, sandbox, script-src, script-src-attr, script-src-elem, style-src, style-src-attr, style-src-elem, trusted-types, upgrade-insecure-requests, webrtc, worker-src
            default-src self                          | directive default-src has "self", which must be quoted: 'self'
            default-src 'self'; script-src none       | directive script-src has "none", which must be quoted: 'none'
            default-src 'self'; script-src unsafe-inline | directive script-src has "unsafe-inline", which must be quoted: 'unsafe-inline'
            default-src 'self'; script-src nonce-abc  | directive script-src has "nonce-abc", which must be quoted: 'nonce-abc'
            default-src 'self'; script-src 'selfie'   | directive script-src has an unknown quoted source "'selfie'"
            default-src 'self', script-src 'none'     | must not contain "," (it would start a second policy); separate directives with ";"
            default-src 'self'; default-src 'none'    | has the directive default-src twice
            default-src 'none' 'self'                 | directive default-src combines 'none' with other sources
            script-src 'self'                         | must contain default-src (or set portcullis.csp.dangerously-disable-default-src=true)
            ;                                         | must contain at least one directive (to send no policy, set it to off)
            default-src 'self'; img-src               | directive img-src needs at least one source (use 'none' to allow nothing)
            default-src 'self'; upgrade-insecure-requests 1 | directive upgrade-insecure-requests takes no value
            default-src 'self'; img-src {nonce}       | directive img-src cannot take {nonce}; only default-src, script-src, script-src-elem, style-src, style-src-elem
            default-src 'self'; img-src "x"           | directive img-src has an invalid source "\\"x\\""
            default-src 'self'; script-src https://a{nonce} | directive script-src has "https://a{nonce}"; {nonce} must be a source of its own
            """)
    void parseWhenInvalidThenExactMessage(String policy, String rule) {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> Csp.parse(K, policy, false))
                .withMessage(K + " " + rule + "; got " + ConfigException.quote(policy));
    }

    @Test
    void parseWhenControlCharacterThenRefused() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> Csp.parse(K, "default-src 'self'\r\nX-Evil: 1", false))
                .withMessage(K + " must not contain control characters; got \"default-src 'self'\\r\\nX-Evil: 1\"");
    }

    @Test
    void parseWhenDefaultSrcWaivedThenAccepted() {
        assertThat(Csp.parse(K, "script-src 'self'", true).render(null)).isEqualTo("script-src 'self'");
    }

    /** Found by HeaderFuzzTest: a second {nonce} in one directive stayed in the header when the page used no nonce. */
    @Test
    void renderWhenPlaceholderTwiceAndNoNonceThenNeitherIsLeft() {
        Csp csp = Csp.parse(K, "default-src 'self'; script-src {nonce} {nonce}", false);
        assertThat(csp.render(null)).isEqualTo("default-src 'self'; script-src 'none'");
        assertThat(csp.render("n")).isEqualTo("default-src 'self'; script-src 'nonce-n' 'nonce-n'");
    }

    @Test
    void renderWhenNonceUsedThenQuotedNonceInEveryPlaceholder() {
        Csp csp = Csp.parse(K, HardeningPolicy.DEFAULT_CSP, false);
        assertThat(csp.usesNonce()).isTrue();
        assertThat(csp.render("AbC+/9==")).isEqualTo("default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
                + "form-action 'self'; script-src 'self' 'nonce-AbC+/9=='; style-src 'self' 'nonce-AbC+/9=='");
        assertThat(csp.render(null)).isEqualTo("default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
                + "form-action 'self'; script-src 'self'; style-src 'self'");
    }

    @Test
    void nonceWhenGeneratedThenAtLeast128BitsAndFreshAndLazy() {
        CspNonce a = new CspNonce();
        CspNonce b = new CspNonce();
        assertThat(a.isUsed()).isFalse();
        String v = a.value();
        assertThat(a.isUsed()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(v)).hasSize(16);
        assertThat(a.value()).isEqualTo(v);
        assertThat(a.toString()).isEqualTo(v);
        assertThat(b.value()).isNotEqualTo(v);
    }
}

package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CspTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "default-src 'none'                                                   | csp-implemented-with-no-unsafe-default-src-none",
        "default-src 'self'; object-src 'none'                                | csp-implemented-with-no-unsafe",
        "DEFAULT-SRC 'SELF'                                                   | csp-implemented-with-no-unsafe",
        "default-src 'self'; style-src 'self' 'unsafe-inline'                 | csp-implemented-with-unsafe-inline-in-style-src-only",
        "default-src 'self'; script-src 'self' 'unsafe-inline'                | csp-implemented-with-unsafe-inline",
        "default-src 'self'; script-src 'self' data:                          | csp-implemented-with-unsafe-inline",
        "default-src 'self'; script-src *                                     | csp-implemented-with-unsafe-inline",
        "default-src 'self'; script-src https:                                | csp-implemented-with-unsafe-inline",
        "default-src 'self'; object-src *                                     | csp-implemented-with-unsafe-inline",
        "img-src 'self'                                                       | csp-implemented-with-unsafe-inline",
        "default-src 'self'; script-src 'self' 'unsafe-eval'                  | csp-implemented-with-unsafe-eval",
        "default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'           | csp-implemented-with-no-unsafe",
        "default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline' | csp-implemented-with-no-unsafe",
        "default-src 'self'; script-src 'strict-dynamic'                      | csp-header-invalid",
        "default-src 'self'; script-src http://cdn.example                    | csp-implemented-with-insecure-scheme",
        "default-src 'self'; img-src http://img.example                       | csp-implemented-with-insecure-scheme-in-passive-content-only",
        "default-src 'none'; report-uri /a; report-uri /b                     | csp-implemented-but-duplicate-directives",
    })
    void observatoryResult(String policy, String expected) throws Exception {
        assertThat(Csp.parse(List.of(policy)).observatory(true).token()).isEqualTo(expected);
    }

    @Test
    void httpSourcesCountOnlyOnHttpsPages() throws Exception {
        Csp csp = Csp.parse(List.of("default-src 'self'; script-src http://cdn.example"));
        assertThat(csp.observatory(false)).isEqualTo(Expectation.CSP_NO_UNSAFE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "default-src 'self'; default-src *  | repeated",
        "x                                  | too short",
        "default_src 'self'                 | not a CSP directive name",
        "default-src 'self' \u00e9vil       | bad source",
    })
    void invalidPoliciesAreRejectedWithTheReason(String policy, String reason) {
        assertThatThrownBy(() -> Csp.parse(List.of(policy))).isInstanceOf(Csp.InvalidCspException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void emptySourceListMeansNone() throws Exception {
        Csp csp = Csp.parse(List.of("default-src 'self'; object-src"));
        assertThat(csp.get("object-src")).contains(java.util.Set.of("'none'"));
    }

    @Test
    void twoPoliciesKeepOnlyCommonSources() throws Exception {
        Csp csp = Csp.parse(List.of("script-src 'self' https://a.example", "script-src 'self'"));
        assertThat(csp.get("script-src").orElseThrow()).containsExactly("'self'");
        Csp commaSeparated = Csp.parse(List.of("script-src 'self' 'unsafe-inline'; object-src 'none', script-src 'self'"));
        // script-src keeps only 'self' (no unsafe-inline); style-src is unrestricted (falls back to *)
        assertThat(commaSeparated.observatory(true)).isEqualTo(Expectation.CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY);
    }

    @Test
    void metaPolicyCannotSetFrameAncestors() throws Exception {
        assertThat(Csp.parseMeta(List.of("default-src 'self'; frame-ancestors 'none'")).has("frame-ancestors")).isFalse();
    }

    @Test
    void frameAncestorsWildcardDoesNotProtect() throws Exception {
        assertThat(Csp.parse(List.of("frame-ancestors *")).restrictsFraming()).isFalse();
        assertThat(Csp.parse(List.of("frame-ancestors 'none'")).restrictsFraming()).isTrue();
    }

    @Test
    void scriptSourcesFallBackToDefaultSrcThenAnything() throws Exception {
        assertThat(Csp.parse(List.of("default-src 'self'")).effective("script-src")).containsExactly("'self'");
        assertThat(Csp.parse(List.of("img-src 'self'")).effective("script-src")).containsExactly("*");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'NONCE-AbC+/9=='     | 'nonce-AbC+/9=='",
        "'sha256-AbCdEf=='    | 'sha256-AbCdEf=='",
        "'SELF'               | 'self'",
        "HTTPS://CDN.Example  | https://cdn.example",
    })
    void sourcesAreCaseFoldedExceptNonceAndHashValues(String source, String normalised) {
        assertThat(Csp.normalise(source)).isEqualTo(normalised);
    }
}

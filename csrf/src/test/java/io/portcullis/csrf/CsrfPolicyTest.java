package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CsrfPolicyTest {

    private static CsrfPolicy from(Map<String, String> m) {
        return CsrfPolicy.from(Settings.of(m));
    }

    @Test
    void defaultsAreTheSecureOnes() {
        CsrfPolicy p = CsrfPolicy.defaults();
        assertThat(p.fetchMetadata()).isTrue();
        assertThat(p.originCheck()).isTrue();
        assertThat(p.tokenCheck()).isTrue();
        assertThat(p.cookieName()).isEqualTo("__Host-csrf");
        assertThat(p.tokenStore()).isEqualTo(CsrfPolicy.TokenStore.AUTO);
        assertThat(p.exemptPaths()).isEmpty();
        assertThat(p.crossSitePaths()).isEmpty();
        assertThat(CsrfPolicy.KEYS.keySet()).allMatch(k -> k.startsWith("portcullis.csrf."));
    }

    @Test
    void everyKeyIsRead() {
        CsrfPolicy p = from(Map.ofEntries(Map.entry("portcullis.csrf.fetch-metadata", "false"),
                Map.entry("portcullis.csrf.fetch-metadata.allow-same-site", "false"),
                Map.entry("portcullis.csrf.cross-site-paths", "/api/*"), Map.entry("portcullis.csrf.origin-check", "false"),
                Map.entry("portcullis.csrf.trusted-origins", "https://A.example:443, http://b.example:8080"),
                Map.entry("portcullis.csrf.exempt-paths", "/hooks/*,*.hook"), Map.entry("portcullis.csrf.token-store", "cookie"),
                Map.entry("portcullis.csrf.cookie-name", "csrf"), Map.entry("portcullis.csrf.parameter-name", "token"),
                Map.entry("portcullis.csrf.header-name", "X-Token"),
                Map.entry("portcullis.csrf.signing-key", "0123456789abcdef0123456789abcdef")));
        assertThat(p.fetchMetadata()).isFalse();
        assertThat(p.allowSameSite()).isFalse();
        assertThat(p.crossSitePaths()).containsExactly("/api/*");
        assertThat(p.originCheck()).isFalse();
        assertThat(p.trustedOrigins()).containsExactly("https://a.example", "http://b.example:8080");
        assertThat(p.exempt("/hooks/stripe")).isTrue();
        assertThat(p.exempt("/x/y.hook")).isTrue();
        assertThat(p.exempt("/hooksy")).isFalse();
        assertThat(p.tokenStore()).isEqualTo(CsrfPolicy.TokenStore.COOKIE);
        assertThat(p.cookieName()).isEqualTo("csrf");
        assertThat(p.parameterName()).isEqualTo("token");
        assertThat(p.headerName()).isEqualTo("X-Token");
        assertThat(p.signingKey()).hasSize(32);
        assertThat(p).isEqualTo(p.toBuilder().build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            portcullis.csrf.exempt-path      | /x                 | unknown key portcullis.csrf.exempt-path; did you mean portcullis.csrf.exempt-paths?
            portcullis.csrf.fetch-metadata   | yes                | portcullis.csrf.fetch-metadata must be true or false; got "yes"
            portcullis.csrf.token-store      | redis              | portcullis.csrf.token-store must be one of auto, session, cookie; got "redis"
            portcullis.csrf.trusted-origins  | https://a.example/ | portcullis.csrf.trusted-origins entries must be origins like https://app.example.com or https://*.example.com (scheme, host, optional port, no path); got "https://a.example/"
            portcullis.csrf.trusted-origins  | a.example          | got "a.example"
            portcullis.csrf.exempt-paths     | hooks/*            | portcullis.csrf.exempt-paths entries must be /exact, /prefix/* or *.ext; got "hooks/*"
            portcullis.csrf.cross-site-paths | /api/*/x           | portcullis.csrf.cross-site-paths entries must be /exact, /prefix/* or *.ext; got "/api/*/x"
            portcullis.csrf.cookie-name      | __Secure-csrf      | portcullis.csrf.cookie-name must use the __Host- prefix or none
            portcullis.csrf.header-name      | X Token            | portcullis.csrf.header-name must be a non-empty HTTP token
            portcullis.csrf.csrf             | x                  | unknown key portcullis.csrf.csrf
            portcullis.crsf.exempt-paths     | /x                 | unknown key portcullis.crsf.exempt-paths; did you mean portcullis.csrf.exempt-paths?
            """)
    void badSettingFailsNamingKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> from(Map.of(key, value))).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void shortSigningKeyFailsWithoutShowingIt() {
        assertThatThrownBy(() -> from(Map.of("portcullis.csrf.signing-key", "hunter2-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> CsrfPolicy.builder().signingKey(new byte[16]).build()).isInstanceOf(ConfigException.class)
                .hasMessage("portcullis.csrf.signing-key must be at least 32 bytes (value not shown)");
        assertThat(CsrfPolicy.builder().signingKey(new byte[32]).build().toString()).doesNotContain("signingKey");
    }

    @Test
    void wildcardTrustedOriginMatchesSubdomainsOnly() {
        CsrfPolicy p = CsrfPolicy.builder().trustedOrigins(List.of("https://*.example.com")).build();
        assertThat(p.trusted("https://a.example.com")).isTrue();
        assertThat(p.trusted("https://a.b.example.com")).isTrue();
        assertThat(p.trusted("https://example.com")).isFalse();
        assertThat(p.trusted("https://evilexample.com")).isFalse();
        assertThat(p.trusted("http://a.example.com")).isFalse();
    }
}

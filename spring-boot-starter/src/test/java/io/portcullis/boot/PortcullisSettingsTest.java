package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.boot.BootKeys.HeaderOwner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

/**
 * The starter's reading of a Spring Environment without starting an application: its own keys go
 * through their declarations (the library's messages), and environment variables spell every key,
 * family members included, with the same fail-fast as properties. Environment variables are a
 * real {@code SystemEnvironmentPropertySource} built from a map (see {@link EnvironmentKeysTest}).
 */
class PortcullisSettingsTest {

    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    static PortcullisSettings read(Map<String, Object> envVars, Map<String, Object> file) {
        StandardEnvironment env = EnvironmentKeysTest.env(envVars, file);
        return PortcullisSettings.read(env, PortcullisSettingsTest.class.getClassLoader());
    }

    static String failure(Map<String, Object> envVars, Map<String, Object> file) {
        try {
            read(envVars, file);
        } catch (PortcullisStartupException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the start to fail for " + envVars + " " + file);
    }

    @Test
    void starterKeysAreReadThroughTheirDeclarations() {
        PortcullisSettings s = read(Map.of(), Map.of("portcullis.boot.header-owner", "Spring-Security",
                "portcullis.boot.csrf", "false", "portcullis.boot.health-exempt", "false"));
        assertThat(s.headerOwner()).isEqualTo(HeaderOwner.SPRING_SECURITY);
        assertThat(s.csrf()).isNull();
        assertThat(s.healthExempt()).isEmpty();
        PortcullisSettings defaults = read(Map.of(), Map.of());
        assertThat(defaults.headerOwner()).isEqualTo(HeaderOwner.PORTCULLIS);
        assertThat(defaults.csrf()).isNotNull();
    }

    @Test
    void starterKeysFailWithTheLibraryMessageNamingTheKeyAndQuotingTheValue() {
        assertThat(failure(Map.of(), Map.of("portcullis.boot.header-owner", "nobody")))
                .isEqualTo("portcullis.boot.header-owner must be one of portcullis, spring-security; got \"nobody\"");
        assertThat(failure(Map.of(), Map.of("portcullis.boot.csrf", "yes")))
                .isEqualTo("portcullis.boot.csrf must be true or false; got \"yes\"");
        assertThat(failure(Map.of(), Map.of("portcullis.signed-url.key.k1", KEY, "portcullis.boot.signed-url-paths",
                "/shared/*,/files*"))).isEqualTo(
                "portcullis.boot.signed-url-paths entries must be /exact/path or /prefix/*; got \"/files*\"");
        assertThat(failure(Map.of(), Map.of("portcullis.boot.header-ownr", "portcullis")))
                .isEqualTo("unknown key portcullis.boot.header-ownr; did you mean portcullis.boot.header-owner?");
    }

    @Test
    void familyKeysSpeltAsEnvironmentVariablesReachTheSigner() {
        // Spring spells PORTCULLIS_SIGNEDURL_KEY_2024_Q1 portcullis.signedurl.key[2024].q1: key id 2024_q1
        PortcullisSettings s = read(Map.of("PORTCULLIS_SIGNEDURL_KEY_2024_Q1", KEY, "PORTCULLIS_SIGNEDURL_CURRENTKEY",
                "2024_q1", "PORTCULLIS_BOOT_SIGNEDURLPATHS", "/shared/*", "PORTCULLIS_REQUIRE_SERVERS", "1"), Map.of());
        assertThat(s.signer()).isNotNull();
        assertThat(s.signedUrlPaths()).containsExactly("/shared/*");
        assertThat(s.signer().link("/shared/report").expiresIn(Duration.ofMinutes(5)).sign()).contains("kid=2024_q1");
    }

    @Test
    void misspeltEnvironmentVariableFailsLikeTheSameMisspeltProperty() {
        String family = "unknown key portcullis.signed-url.ky.k1; did you mean portcullis.signed-url.key.<id>?";
        assertThat(failure(Map.of("PORTCULLIS_SIGNEDURL_KY_K1", KEY), Map.of())).isEqualTo(family);
        assertThat(failure(Map.of(), Map.of("portcullis.signed-url.ky.k1", KEY))).isEqualTo(family);
        String fixed = "unknown key portcullis.hsts.maxag; did you mean portcullis.hsts.max-age?";
        assertThat(failure(Map.of("PORTCULLIS_HSTS_MAXAG", "600"), Map.of())).isEqualTo(fixed);
        assertThat(failure(Map.of(), Map.of("portcullis.hsts.maxag", "600"))).isEqualTo(fixed);
    }

    @Test
    void badFamilyValueFromAnEnvironmentVariableNeverShowsTheSecret() {
        assertThat(failure(Map.of("PORTCULLIS_SIGNEDURL_KEY_K1", "not base64 !!", "PORTCULLIS_BOOT_SIGNEDURLPATHS",
                "/shared/*"), Map.of())).isEqualTo("portcullis.signed-url.key.k1 must be base64 (value not shown)")
                .doesNotContain("not base64 !!");
    }
}

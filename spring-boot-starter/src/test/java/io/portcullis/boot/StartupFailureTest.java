package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.boot.app.TestApp;
import io.portcullis.sendfile.UrlSigner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Real application starts that must fail: what the user reads on Boot's console is the library's
 * one-line message as the "APPLICATION FAILED TO START" description, with where the key came from,
 * and nothing misleading after it. Each failure sits beside the same start with the key right.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    static SpringApplicationBuilder app(String... properties) {
        return new SpringApplicationBuilder(TestApp.class).properties("server.port=0", "spring.main.banner-mode=off")
                .properties(properties);
    }

    /**
     * The application with {@code vars} as its environment variables: a real
     * {@link SystemEnvironmentPropertySource} built from a map in place of the process's own (which a
     * test cannot change); Spring maps its names as it maps real ones.
     */
    static SpringApplicationBuilder appWithEnvironmentVariables(Map<String, Object> vars, String... properties) {
        StandardEnvironment env = new StandardEnvironment();
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        env.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, vars));
        return app(properties).environment(env);
    }

    @Test
    void misspeltEnvironmentVariableOfAFamilyKeyStopsTheStartWithTheDidYouMeanAndItsOrigin(CapturedOutput output) {
        assertThatThrownBy(() -> appWithEnvironmentVariables(Map.of("PORTCULLIS_SIGNEDURL_KY_K1",
                PortcullisSettingsTest.KEY)).run().close()).isNotNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("Portcullis configuration: unknown key portcullis.signed-url.ky.k1; "
                        + "did you mean portcullis.signed-url.key.<id>?")
                .contains("Origin of portcullis.signed-url.ky.k1: System Environment Property "
                        + "\"PORTCULLIS_SIGNEDURL_KY_K1\"")
                .doesNotContain(PortcullisSettingsTest.KEY);
    }

    @Test
    void familyKeySpeltAsEnvironmentVariableStartsTheApplicationAndForeignVariablesAreLeftOut(CapturedOutput output) {
        try (ConfigurableApplicationContext context = appWithEnvironmentVariables(Map.of(
                "PORTCULLIS_SIGNEDURL_KEY_K1", PortcullisSettingsTest.KEY,
                "PORTCULLIS_BOOT_SIGNEDURLPATHS", "/shared/*",
                "PORTCULLIS_REQUIRE_SERVERS", "1")).run()) {
            String link = context.getBean(UrlSigner.class).link("/shared/report").expiresIn(Duration.ofMinutes(5))
                    .sign();
            assertThat(link).contains("kid=k1");
        }
        assertThat(output.getAll())
                .contains("environment variables ignored, they spell no portcullis.* key and are near "
                        + "none: PORTCULLIS_REQUIRE_SERVERS");
    }

    @Test
    void misspelledKeyStopsTheStartWithTheDidYouMeanAsDescription(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.hsts.max-ag=600").run().close()).isNotNull();
        String out = output.getAll();
        assertThat(out).contains("APPLICATION FAILED TO START")
                .contains("Portcullis configuration: unknown key portcullis.hsts.max-ag; did you mean "
                        + "portcullis.hsts.max-age?")
                .contains("Action:")
                .doesNotContain("SESSION_COOKIE_NOT_HARDENED")
                .doesNotContain("Caused by:")
                .doesNotContain("Unable to start embedded Tomcat");
    }

    @Test
    void misspelledAreaGetsTheDidYouMeanToo(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.hst.max-age=600").run().close()).isNotNull();
        assertThat(output.getAll())
                .contains("unknown key portcullis.hst.max-age; did you mean portcullis.hsts.max-age?");
    }

    @Test
    void badValueNamesKeyQuotesValueAndSaysWhereItCameFrom(CapturedOutput output) {
        assertThatThrownBy(() -> app("spring.config.import=classpath:bad-value.properties").run().close()).isNotNull();
        assertThat(output.getAll())
                .contains("Portcullis configuration: portcullis.hsts.max-age must be an integer in [1, 63072000] (to "
                        + "undo HSTS use portcullis.hsts.clear=true); got \"-5\"")
                .contains("Origin of portcullis.hsts.max-age: class path resource [bad-value.properties] - 2:25");
    }

    @Test
    void starterKeyTypoAndUnreadAreaAreRefused(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.boot.header-ownr=portcullis").run().close()).isNotNull();
        assertThat(output.getAll())
                .contains("unknown key portcullis.boot.header-ownr; did you mean portcullis.boot.header-owner?");
        assertThatThrownBy(() -> app("portcullis.password.min-length=12").run().close()).isNotNull();
        assertThat(output.getAll()).contains("portcullis.password.min-length is not read by the Spring Boot starter");
    }

    @Test
    void bootSessionCookieKeyContradictingThePolicyIsRefusedNamingBoth(CapturedOutput output) {
        assertThatThrownBy(() -> app("server.servlet.session.cookie.same-site=none").run().close()).isNotNull();
        assertThat(output.getAll())
                .contains("server.servlet.session.cookie.same-site=none contradicts portcullis.cookies.same-site (Lax");
    }

    @Test
    void theSameKeysSpelledRightStartTheApplication() {
        app("portcullis.hsts.max-age=600", "portcullis.boot.header-owner=portcullis",
                "server.servlet.session.cookie.same-site=lax")
                .run().close();
    }
}

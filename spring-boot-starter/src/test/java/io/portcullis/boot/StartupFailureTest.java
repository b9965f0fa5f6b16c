package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.boot.app.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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

    @Test
    void misspelledKeyStopsTheStartWithTheDidYouMeanAsDescription(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.hsts.max-ag=600").run().close()).isNotNull();
        String out = output.getAll();
        assertThat(out).contains("APPLICATION FAILED TO START")
                .contains("Portcullis configuration: unknown key portcullis.hsts.max-ag; did you mean portcullis.hsts.max-age?")
                .contains("Action:")
                .doesNotContain("SESSION_COOKIE_NOT_HARDENED")
                .doesNotContain("Caused by:")
                .doesNotContain("Unable to start embedded Tomcat");
    }

    @Test
    void misspelledAreaGetsTheDidYouMeanToo(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.hst.max-age=600").run().close()).isNotNull();
        assertThat(output.getAll()).contains("unknown key portcullis.hst.max-age; did you mean portcullis.hsts.max-age?");
    }

    @Test
    void badValueNamesKeyQuotesValueAndSaysWhereItCameFrom(CapturedOutput output) {
        assertThatThrownBy(() -> app("spring.config.import=classpath:bad-value.properties").run().close()).isNotNull();
        assertThat(output.getAll()).contains("Portcullis configuration: portcullis.hsts.max-age must be an integer in [1, 63072000] (to undo HSTS use portcullis.hsts.clear=true); got \"-5\"")
                .contains("Origin of portcullis.hsts.max-age: class path resource [bad-value.properties] - 2:25");
    }

    @Test
    void starterKeyTypoAndUnreadAreaAreRefused(CapturedOutput output) {
        assertThatThrownBy(() -> app("portcullis.boot.header-ownr=portcullis").run().close()).isNotNull();
        assertThat(output.getAll()).contains("unknown key portcullis.boot.header-ownr; did you mean portcullis.boot.header-owner?");
        assertThatThrownBy(() -> app("portcullis.password.min-length=12").run().close()).isNotNull();
        assertThat(output.getAll()).contains("portcullis.password.min-length is not read by the Spring Boot starter");
    }

    @Test
    void bootSessionCookieKeyContradictingThePolicyIsRefusedNamingBoth(CapturedOutput output) {
        assertThatThrownBy(() -> app("server.servlet.session.cookie.same-site=none").run().close()).isNotNull();
        assertThat(output.getAll()).contains("server.servlet.session.cookie.same-site=none contradicts portcullis.cookies.same-site (Lax");
    }

    @Test
    void theSameKeysSpelledRightStartTheApplication() {
        app("portcullis.hsts.max-age=600", "portcullis.boot.header-owner=portcullis", "server.servlet.session.cookie.same-site=lax")
                .run().close();
    }
}

package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The regression: the URL rule meant for the sign-up page was written {@code /account/**} with
 * {@code permitAll()}, opening the whole account section of {@link BootSampleApp}. The reviewed
 * audit fails, naming the two routes it opened (the sign-up page itself is reviewed as public).
 */
class BootSampleWidePermitAllTest {

    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = BootSampleApp.start(BootSampleApp.WIDE_PERMIT_ALL);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void permitAllLeftTooWideFailsTheAuditNamingEachRouteItOpened() {
        String pages = BootSampleApp.Pages.class.getName();
        assertThat(BootSample.reviewedAudit(app).problems()).containsExactlyInAnyOrder(
                "GET /account (spring " + pages + "#account()) answered 200 to an anonymous request at /account:"
                        + " protect it, or add \"GET /account\" to the reviewed public routes",
                "POST /account/email (spring " + pages + "#changeEmail()) answered 200 to an anonymous request at"
                        + " /account/email: protect it, or add \"POST /account/email\" to the reviewed public routes");
    }
}

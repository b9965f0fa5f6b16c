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

    /**
     * Without {@code tokenPage}, the anonymous {@code POST /account/email} carries no token, and
     * Spring Security's CSRF filter answers it a plain 403 before its URL rules run. The kit took
     * that for the log-in rule and passed the route the slip had opened; it now says it cannot tell.
     */
    @Test
    void withoutTokenPageSpringsCsrf403IsNotTakenForTheLoginRule() {
        String pages = BootSampleApp.Pages.class.getName();
        java.util.List<String> problems = BootSample.reviewedAudit(app).tokenPage(null).problems();
        assertThat(problems).contains("POST /account/email (spring " + pages + "#changeEmail()) answered 403 to an"
                + " anonymous request that carried no CSRF token, which a CSRF check refuses before any log-in rule is"
                + " tried: the kit cannot tell the log-in rule holds; set tokenPage(...) so anonymous requests carry a"
                + " valid token, or csrfExempt(\"POST /account/email\") if the route has no CSRF check");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("GET /account (spring ").contains("answered 200"));
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

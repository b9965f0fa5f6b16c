package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The regression: Spring Security's CSRF protection turned off ({@code csrf(c -> c.disable())}) in
 * {@link BootSampleApp}. The reviewed audit, run as a logged-in user, fails for every unsafe route
 * for a missing and for a wrong token, naming each; the log-in page no longer renders a token, and
 * the audit says so for the protected unsafe routes while still checking them.
 */
class BootSampleCsrfOffTest {

    private static ConfigurableApplicationContext app;
    private static String alice;

    @BeforeAll
    static void start() throws Exception {
        app = BootSampleApp.start(BootSampleApp.CSRF_OFF);
        alice = BootSample.logIn(app, "alice", "alice-secret");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void csrfProtectionOffFailsEveryUnsafeRouteForAMissingAndAWrongToken() {
        List<String> problems = BootSample.reviewedAudit(app).credentials("Cookie", alice).problems();
        for (String route : List.of("POST /account/email", "POST /api/orders", "POST /login", "POST /logout")) {
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(route + " (")
                    .contains("to a request without a CSRF token"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(route + " (")
                    .contains("to a request with a wrong CSRF token"));
        }
        // the anonymous visitor's token the audit reads from tokenPage is gone too:
        // said once per unsafe protected route
        assertThat(problems).filteredOn(p -> p.contains("tokenPage /login renders no _csrf field")).hasSize(2)
                .allSatisfy(p -> assertThat(p)
                        .matches("POST /(account/email|api/orders) \\(.*is the CSRF protection on\\?"));
    }
}

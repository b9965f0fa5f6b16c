package io.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The regression: {@link BootSampleApp} shipped after a refactoring lost the {@code @PreAuthorize}
 * of the reports export. The URL rules leave {@code /api/**} to the methods, so nothing else
 * guards it; the same reviewed audit that passes the app as shipped ({@link BootSampleTest}) fails,
 * naming exactly that route.
 */
class BootSampleForgottenPreAuthorizeTest {

    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = BootSampleApp.start(BootSampleApp.FORGOT_PRE_AUTHORIZE);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void forgottenPreAuthorizeFailsTheAuditNamingTheRoute() {
        List<String> problems = BootSample.reviewedAudit(app).problems();
        String controller = BootSampleApp.ReportsAfterRefactoring.class.getName();
        assertThat(problems).containsExactly("GET /api/reports/export (spring " + controller
                + "#export()) answered 200 to an anonymous request at /api/reports/export: protect it, or add"
                + " \"GET /api/reports/export\" to the reviewed public routes");
        assertThatThrownBy(() -> BootSample.reviewedAudit(app).verify()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 route problem(s):").hasMessageContaining("GET /api/reports/export");
    }

    @Test
    void asDynamicTestsOnlyTheForgottenRouteFails() {
        assertThat(BootSampleTest.failing(BootSample.reviewedAudit(app).dynamicTests()))
                .containsExactly("GET /api/reports/export denies anonymous");
    }
}

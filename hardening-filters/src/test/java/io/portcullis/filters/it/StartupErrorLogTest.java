package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.SessionCookieHardener;
import io.portcullis.testing.PortcullisLog;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, point 3: a start-up error is one clear line in the log users read (System.Logger,
 * which is catalina.out on Tomcat and the console on Jetty), with the did-you-mean, and no
 * misleading follow-up finding; each with a control that starts.
 */
class StartupErrorLogTest {

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void hardeningFilterTypoIsOneLineWithDidYouMean(ServletContainer container) {
        try (PortcullisLog log = new PortcullisLog()) {
            assertThatThrownBy(() -> container.builder().servlet("app", new AppServlet(), "/app/*")
                    .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.hsts.maxage", "600")).start().close())
                    .isInstanceOf(IllegalStateException.class);
            assertThat(log.errors()).containsExactly("Portcullis HardeningFilter not started: unknown key portcullis.hsts.maxage "
                    + "(from init-param of filter portcullis); did you mean portcullis.hsts.max-age?");
            assertThat(log.messages()).noneMatch(m -> m.contains("effective policy") || m.contains("SESSION_COOKIE_NOT_HARDENED"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void sessionCookieHardenerTypoIsOneLineAndNoSessionCookieFindingFollows(ServletContainer container, @TempDir Path dir)
            throws Exception {
        // a deployed webapp: SessionCookieHardener runs from META-INF/services and reads WEB-INF/classes/portcullis.properties
        Path app = WebXmlDeploymentTest.webapp(dir, "", "portcullis.cookies.same-sit=Lax\n");
        try (PortcullisLog log = new PortcullisLog()) {
            assertThatThrownBy(() -> container.builder().webapp(app).start().close()).isInstanceOf(IllegalStateException.class);
            assertThat(log.errors()).first().isEqualTo("Portcullis SessionCookieHardener not started: unknown key "
                    + "portcullis.cookies.same-sit (from classpath portcullis.properties); did you mean portcullis.cookies.same-site?");
            assertThat(log.errors()).allMatch(m -> !m.contains("\n"));
            assertThat(log.messages()).noneMatch(m -> m.contains("SESSION_COOKIE_NOT_HARDENED"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlWithoutTheTypoStartsAndLogsNoError(ServletContainer container) throws Exception {
        try (PortcullisLog log = new PortcullisLog();
             TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .initializer(new SessionCookieHardener(), Set.of())
                     .contextParam("portcullis.cookies.same-site", "Lax")
                     .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.hsts.max-age", "31536000")).start()) {
            assertThat(log.errors()).isEmpty();
            assertThat(log.messages()).anyMatch(m -> m.contains("HardeningFilter effective policy"))
                    .noneMatch(m -> m.contains("SESSION_COOKIE_NOT_HARDENED"));
        }
    }
}

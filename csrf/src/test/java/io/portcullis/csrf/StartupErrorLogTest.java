package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.testing.PortcullisLog;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, point 3: a typo in the CsrfFilter's configuration is one line in the log users read
 * (System.Logger: catalina.out on Tomcat, where the container itself only says "One or more
 * Filters failed to start"), with the did-you-mean; the control without the typo starts quietly.
 */
class StartupErrorLogTest {

    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("hello");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void typoIsOneLineWithDidYouMean(ServletContainer container) {
        try (PortcullisLog log = new PortcullisLog()) {
            assertThatThrownBy(() -> container.builder().servlet("app", new Hello(), "/app/*")
                    .filter("guard", new CsrfFilter(), "/*", Map.of("portcullis.csrf.orign-check", "true")).start().close())
                    .isInstanceOf(IllegalStateException.class);
            assertThat(log.errors()).containsExactly("Portcullis CsrfFilter not started: unknown key portcullis.csrf.orign-check "
                    + "(from init-param of filter guard); did you mean portcullis.csrf.origin-check?");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlWithoutTheTypoStartsAndLogsNoError(ServletContainer container) throws Exception {
        try (PortcullisLog log = new PortcullisLog();
             TestServer s = container.builder().servlet("app", new Hello(), "/app/*")
                     .filter("guard", new CsrfFilter(), "/*", Map.of("portcullis.csrf.origin-check", "true")).start()) {
            assertThat(log.errors()).isEmpty();
        }
    }
}

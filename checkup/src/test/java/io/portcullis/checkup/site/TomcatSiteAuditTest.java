package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.EmbeddedTomcat;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fix hints for a site that a real (embedded) Tomcat 10.1 serves without Portcullis: Tomcat is
 * recognised from what it really sends (no {@code Server} header; its own 404 page), and every
 * hint names a Tomcat setting, never a Portcullis key. Control: the same application on Jetty gets
 * Jetty's hints.
 */
class TomcatSiteAuditTest {

    /** Home page with a session and a cookie without flags; every other path is the container's 404. */
    static final class PlainApp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.getSession(true);
            resp.addHeader("Set-Cookie", "prefs=1; Path=/");
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().print("<!DOCTYPE html><title>plain</title><p>hello");
        }
    }

    private static TestServer tomcat;
    private static TestServer jetty;
    private static Report onTomcat;
    private static Report onJetty;

    @BeforeAll
    static void auditBoth() {
        tomcat = EmbeddedTomcat.builder().https(SiteFixtures.CERT).servlet("app", new PlainApp(), "").start();
        jetty = EmbeddedJetty.builder().https(SiteFixtures.CERT).servlet("app", new PlainApp(), "").start();
        onTomcat = SiteFixtures.audit(tomcat.http("/"));
        onJetty = SiteFixtures.audit(jetty.http("/"));
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void tomcatIsRecognisedFromItsOwnErrorPageWithoutAServerHeader() {
        assertThat(SiteFixtures.finding(onTomcat, "behaviour.software").detail()).contains("Tomcat")
                .doesNotContain("Portcullis", "Jetty");
        assertThat(SiteFixtures.finding(onJetty, "behaviour.software").detail()).contains("Jetty")
                .doesNotContain("Tomcat");
    }

    @Test
    void fixHintsNameTomcatSettingsAndNoPortcullisKey() {
        assertThat(SiteFixtures.finding(onTomcat, "hsts.present").fix())
                .contains("Tomcat: HttpHeaderSecurityFilter with hstsMaxAgeSeconds=31536000");
        assertThat(SiteFixtures.finding(onTomcat, "cookies.secure").fix())
                .contains("Tomcat: web.xml <session-config><cookie-config><secure>true</secure>");
        assertThat(SiteFixtures.finding(onTomcat, "headers.framing").fix())
                .contains("Tomcat: HttpHeaderSecurityFilter antiClickJackingOption=DENY");
        List<String> fixes = onTomcat.findings().stream().map(Finding::fix).filter(f -> f != null).toList();
        assertThat(fixes).isNotEmpty().noneMatch(f -> f.contains("portcullis."))
                .allMatch(f -> !f.contains("Jetty:"));
    }

    @Test
    void controlOnJettyTheSameFindingsGetJettyHints() {
        assertThat(SiteFixtures.finding(onJetty, "hsts.present").fix()).doesNotContain("Tomcat:");
        assertThat(onJetty.findings().stream().map(Finding::fix).filter(f -> f != null))
                .anyMatch(f -> f.contains("Jetty:")).noneMatch(f -> f.contains("portcullis."));
    }
}

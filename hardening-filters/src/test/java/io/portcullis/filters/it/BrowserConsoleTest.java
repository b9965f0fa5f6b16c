package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A fully hardened page (every default header, HSTS over a real TLS connector, the default CSP
 * with its nonce used by an inline script and style) in headless Chromium, driven by Selenium
 * as the demo's browser tour is: the browser console holds no error and no warning at all. The
 * control shows the console is read: the previous default Permissions-Policy, which listed
 * {@code web-share}, makes Chromium log {@code Unrecognized feature: 'web-share'}. Skips without
 * Chromium and chromedriver, fails then when {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserConsoleTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    /** The default before web-share was dropped (Chromium on desktop Linux does not know the feature). */
    private static final String OLD_PERMISSIONS_POLICY = HardeningPolicy.DEFAULT_PERMISSIONS_POLICY
            .replace("usb=(), ", "usb=(), web-share=(), ");

    private WebDriver driver;

    @BeforeAll
    void startBrowser() {
        RealServer.require(RealServer.Binary.CHROMIUM);
        RealServer.require(RealServer.Binary.CHROMEDRIVER);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(RealServer.Binary.CHROMIUM.path().toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        o.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(RealServer.Binary.CHROMEDRIVER.path().toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** The console entries of loading the nonce page through a HardeningFilter configured with {@code params}. */
    private List<LogEntry> console(ServletContainer container, Map<String, String> params) {
        try (TestServer s = container.builder().https(CERT)
                .servlet("app", new AppServlet(), "/app/*")
                .servlet("favicon", new NoContent(), "/favicon.ico")
                .filter("portcullis", new HardeningFilter(), "/*", params).start()) {
            driver.manage().logs().get(LogType.BROWSER); // drop what an earlier page left
            URI page = s.https("/app/nonce");
            driver.get(page.toString());
            assertThat(driver.getTitle()).as("the nonce'd inline script ran").isEqualTo("ran");
            return driver.manage().logs().get(LogType.BROWSER).getAll();
        }
    }

    @Test
    void consoleWhenFullyHardenedPageThenNoErrorAndNoWarning() {
        for (ServletContainer c : ServletContainer.values()) {
            List<LogEntry> entries = console(c, Map.of());
            // Chromium's own favicon fetch may land after the previous container closed; the page never asks for it.
            assertThat(entries).as(c + ": console of a fully hardened page")
                    .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .filteredOn(e -> !e.getMessage().contains("/favicon.ico")).isEmpty();
        }
    }

    @Test
    void consoleWhenPermissionsPolicyListsWebShareThenChromiumLogsUnrecognizedFeature() {
        List<LogEntry> entries = console(ServletContainer.JETTY, Map.of("portcullis.headers.permissions-policy", OLD_PERMISSIONS_POLICY));
        assertThat(entries).extracting(LogEntry::getMessage).anySatisfy(m -> assertThat(m).contains("web-share"));
    }

    /** 204 for /favicon.ico, so the browser's automatic request logs nothing. */
    static final class NoContent extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(204);
        }
    }
}

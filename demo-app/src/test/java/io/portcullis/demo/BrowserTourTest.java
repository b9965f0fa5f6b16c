package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real browser (headless Chromium from Debian, driven by Selenium): sign up, log
 * out, log in, upload a real PNG (accepted) and a PHP script named {@code .png} (rejected with
 * its reason shown), download the file and compare the bytes, read the live headers on the
 * security report; no CSP violation in the browser log, and the session cookie as configured.
 *
 * <p>Certificate: the browser accepts the demo's self-signed certificate through the W3C
 * WebDriver capability {@code acceptInsecureCerts} (not {@code --ignore-certificate-errors}).
 */
class BrowserTourTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CSP_VIOLATION = "Content Security Policy";

    private static DemoFixture demo;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && DemoFixture.requireServers()) {
            throw new AssertionError("chromium and chromedriver are required (PORTCULLIS_REQUIRE_SERVERS=1): "
                    + "apt-get install -y chromium chromium-driver");
        }
        assumeTrue(present, "chromium/chromedriver not installed (apt-get install -y chromium chromium-driver); "
                + "skipping the browser tour");
        demo = DemoFixture.start();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1200,900");
        o.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static String url(String path) {
        return "https://localhost:" + demo.server.httpsPort() + path;
    }

    private static void fill(String name, String value) {
        driver.findElement(By.name(name)).clear();
        driver.findElement(By.name(name)).sendKeys(value);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @Test
    void tourRunsWithoutCspViolationAndWithHardenedSessionCookie(@TempDir Path dir) throws Exception {
        String name = DemoFixture.newName();
        String password = DemoFixture.password();

        driver.get(url("/signup"));
        fill("username", name);
        // as-you-type feedback from POST /password/check (a nonce'd script; no CSP violation below)
        fill("password", "summer2024");
        waiting().until(d -> d.findElement(By.id("pw-feedback")).getAttribute("data-reasons") != null
                && d.findElement(By.id("pw-feedback")).getAttribute("data-reasons").contains("TOO_SHORT"));
        fill("password", password);
        waiting().until(d -> "true".equals(d.findElement(By.id("pw-feedback")).getAttribute("data-accepted")));
        driver.findElement(By.id("signup")).click();
        try {
            waiting().until(d -> d.getCurrentUrl().endsWith("/account"));
        } catch (RuntimeException e) {
            throw new AssertionError("sign-up did not reach /account: url=" + driver.getCurrentUrl() + " page=" + driver.getPageSource(), e);
        }
        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo(name);

        // log out (a CSRF-protected POST form in the nav) and back in
        driver.findElement(By.cssSelector("nav form button")).click();
        waiting().until(d -> d.getCurrentUrl().equals(url("/")));
        driver.get(url("/account"));
        waiting().until(d -> d.getCurrentUrl().contains("/login?next="));
        fill("username", name);
        fill("password", password);
        driver.findElement(By.id("login")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/account"));

        // a real PNG is accepted
        byte[] png = png();
        Path photo = Files.write(dir.resolve("photo.png"), png);
        driver.get(url("/upload"));
        driver.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
        driver.findElement(By.id("upload")).click();
        waiting().until(d -> !d.findElements(By.id("verdict")).isEmpty());
        assertThat(driver.findElement(By.id("verdict")).getAttribute("data-accepted")).isEqualTo("true");
        String href = driver.findElement(By.id("download")).getAttribute("href");

        // a PHP script renamed .png is rejected, with its reason codes shown
        Path shell = Files.writeString(dir.resolve("shell.png"), "<?php system($_GET['c']); ?>\n");
        driver.get(url("/upload"));
        driver.findElement(By.id("file")).sendKeys(shell.toAbsolutePath().toString());
        driver.findElement(By.id("upload")).click();
        waiting().until(d -> !d.findElements(By.id("verdict")).isEmpty());
        assertThat(driver.findElement(By.id("verdict")).getAttribute("data-accepted")).isEqualTo("false");
        assertThat(driver.findElement(By.id("verdict")).getText()).startsWith("Rejected:");
        assertThat(driver.findElement(By.id("reasons")).getText()).matches("[A-Z_]+(, [A-Z_]+)*").contains("TYPE_MISMATCH");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("text/x-php");

        // my files lists exactly the accepted one
        driver.get(url("/files"));
        assertThat(driver.findElement(By.id("files")).getText()).contains("photo.png").doesNotContain("shell.png");

        // the session cookie as the browser stored it
        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        assertThat(session.isSecure()).as("Secure").isTrue();
        assertThat(session.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(session.getSameSite()).as("SameSite").isEqualTo("Lax");
        // HttpOnly for real: page scripts cannot read it
        Object visible = ((JavascriptExecutor) driver).executeScript("return document.cookie;");
        assertThat(String.valueOf(visible)).doesNotContain("JSESSIONID");

        // download with the browser's session and compare the bytes
        WebClient client = demo.https();
        HttpResponse<byte[]> download = client.http.send(HttpRequest.newBuilder(java.net.URI.create(href))
                .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.headers().firstValue("content-type")).hasValue("image/png");

        // the security report's nonce'd script fetched the live headers
        driver.get(url("/security"));
        waiting().until(d -> "true".equals(d.findElement(By.id("live-status")).getAttribute("data-done")));
        String live = driver.findElement(By.id("live")).getText();
        assertThat(live).contains("content-security-policy", "strict-transport-security", "x-content-type-options");
        assertThat(driver.findElement(By.id("deploy-check")).getText()).isNotBlank();

        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries.stream().map(LogEntry::getMessage).filter(m -> m.contains(CSP_VIOLATION)).collect(Collectors.toList()))
                .as("CSP violations reported by the browser").isEmpty();

        // control: an injected inline script (no nonce) is blocked and the log shows it, so the check above can see violations
        ((JavascriptExecutor) driver).executeScript(
                "var s = document.createElement('script'); s.textContent = 'document.body.dataset.injected = \"ran\"';"
                        + " document.body.appendChild(s);");
        Thread.sleep(300);
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-injected")).isNull();
        List<String> after = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .collect(Collectors.toList());
        assertThat(after).anySatisfy(m -> assertThat(m).contains(CSP_VIOLATION));
    }

    static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x2a6f97));
        g.fillRect(0, 0, 48, 32);
        g.setColor(Color.ORANGE);
        g.fillOval(8, 4, 24, 24);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}

package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser (headless Chromium, Debian {@code chromium} + {@code chromium-driver}): a page on
 * another site ({@code http://localhost:A}) drives a logged-in victim's browser at the
 * application ({@code http://127.0.0.1:B}) with a form POST, a credentialed {@code fetch} and an
 * {@code <img>} GET, each to a state change. Each is refused with the filter in place; the same
 * three requests from the application's own page are accepted; and without the filter the
 * attacker's three land — the attack is real. Skips when Chromium is missing, fails then when
 * {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class BrowserCsrfTest {

    private static ChromeDriver driver;

    @BeforeAll
    static void browser() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!present && "1".equals(System.getenv("PORTCULLIS_REQUIRE_SERVERS"))) {
            throw new AssertionError("chromium and chromium-driver are required (PORTCULLIS_REQUIRE_SERVERS=1)");
        }
        assumeTrue(present, "chromium/chromium-driver not installed (apt-get install chromium chromium-driver); skipping");
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        driver = new ChromeDriver(o);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Records what reached the application and what it answered, in front of everything. */
    private static final class Recorder implements Filter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res, jakarta.servlet.FilterChain chain)
                throws java.io.IOException, jakarta.servlet.ServletException {
            chain.doFilter(req, res);
            HttpServletRequest r = (HttpServletRequest) req;
            if (r.getRequestURI().startsWith("/change")) {
                seen.add(r.getMethod() + " " + r.getRequestURI() + " " + ((HttpServletResponse) res).getStatus());
            }
        }
    }

    private static final class Attacker extends HttpServlet {
        volatile int target;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().print("<!doctype html><html><body><iframe name=sink></iframe>"
                    + "<form id=f method=post target=sink action='http://127.0.0.1:" + target + "/change/form'>"
                    + "<input name=amount value=1000></form><script>" + threeRequests("'http://127.0.0.1:" + target + "'", "no-cors", "{}")
                    + "</script></body></html>");
        }
    }

    /**
     * The form POST (into an iframe), the credentialed fetch POST and the image GET, all at {@code base}. A cross-site
     * page must use {@code no-cors} (no preflight); a same-origin one may send the token header.
     */
    private static String threeRequests(String base, String mode, String fetchHeaders) {
        return "document.getElementById('f').submit();"
                + "fetch(" + base + " + '/change/fetch', {method: 'POST', credentials: 'include', mode: '" + mode + "',"
                + " headers: Object.assign({'Content-Type': 'application/x-www-form-urlencoded'}, " + fetchHeaders + "),"
                + " body: 'amount=1000'}).catch(() => {});"
                + "new Image().src = " + base + " + '/change/img';";
    }

    private static List<String> await(Recorder r, int n) throws InterruptedException {
        for (int i = 0; i < 200 && r.seen.size() < n; i++) {
            Thread.sleep(50);
        }
        return List.copyOf(r.seen);
    }

    private static TestServer attackerSite(Attacker a) {
        return ServletContainer.JETTY.builder().servlet("attacker", a, "/*").start();
    }

    @Test
    void crossSiteFormFetchAndImageAreRefusedWhileTheSamePageRequestsAreAccepted() throws Exception {
        App app = new App();
        Recorder recorder = new Recorder();
        Attacker attacker = new Attacker();
        try (TestServer site = ServletContainer.JETTY.builder().filter("recorder", recorder, "/*")
                .filter("csrf", new CsrfFilter(CsrfPolicy.defaults()), "/*").servlet("app", app, "/*").start();
             TestServer evil = attackerSite(attacker)) {
            attacker.target = site.httpPort();
            driver.get(site.http("/login").toString());   // the victim has a session on the site
            driver.get("http://localhost:" + evil.httpPort() + "/evil");
            List<String> seen = await(recorder, 3);
            assertThat(seen).containsExactlyInAnyOrder("POST /change/form 403", "POST /change/fetch 403", "GET /change/img 403");
            assertThat(app.changes).isEmpty();

            // control: the same three requests from the application's own page, with its token
            recorder.seen.clear();
            app.pageExtra = "<iframe name=sink></iframe><script>var f = document.getElementById('f');"
                    + " f.action = '/change/form'; f.target = 'sink';"
                    + threeRequests("''", "same-origin", "{[document.querySelector('meta[name=csrf-header]').content]:"
                    + " document.querySelector('meta[name=csrf-token]').content}") + "</script>";
            driver.get(site.http("/page").toString());
            seen = await(recorder, 3);
            assertThat(seen).containsExactlyInAnyOrder("POST /change/form 200", "POST /change/fetch 200", "GET /change/img 200");
            assertThat(app.changes).containsExactlyInAnyOrder("POST /change/form", "POST /change/fetch", "GET /change/img");
        }
    }

    /** The filter switched off for real: the attacker's same three requests then change state. */
    @Test
    void withoutTheFilterTheCrossSiteRequestsLand() throws Exception {
        App app = new App();
        Recorder recorder = new Recorder();
        Attacker attacker = new Attacker();
        try (TestServer site = ServletContainer.JETTY.builder().filter("recorder", recorder, "/*")
                .servlet("app", new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                        app.changes.add(req.getMethod() + " " + req.getRequestURI());
                        resp.getWriter().print("changed");
                    }
                }, "/*").start();
             TestServer evil = attackerSite(attacker)) {
            attacker.target = site.httpPort();
            driver.get("http://localhost:" + evil.httpPort() + "/evil");
            assertThat(await(recorder, 3)).containsExactlyInAnyOrder("POST /change/form 200", "POST /change/fetch 200",
                    "GET /change/img 200");
            assertThat(app.changes).containsExactlyInAnyOrder("POST /change/form", "POST /change/fetch", "GET /change/img");
        }
    }
}

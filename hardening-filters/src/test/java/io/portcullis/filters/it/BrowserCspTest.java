package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The strict default CSP in a real browser (headless Chromium, Debian {@code chromium}): a page
 * whose inline code is only nonce'd {@code <script>} and {@code <style>} elements runs fully,
 * while an injected inline script and style without the nonce are blocked. Skips when Chromium
 * is missing, fails then when {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class BrowserCspTest {

    static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        boolean required = "1".equals(System.getenv("PORTCULLIS_REQUIRE_SERVERS"));
        if (required) {
            throw new AssertionError("chromium is required (PORTCULLIS_REQUIRE_SERVERS=1): apt-get install chromium");
        }
        assumeTrue(false, "chromium not installed (apt-get install chromium); skipping the browser CSP test");
        return null;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void cspWhenDefaultPolicyThenNonceInlineRunsAndInjectedInlineBlocked(ServletContainer container, @TempDir Path profile) throws Exception {
        Path browser = chromium();
        try (TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.https.exempt", "/app/public/*")).start()) {
            Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + profile, "--virtual-time-budget=2000", "--dump-dom", s.http("/app/public/csp-page").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String dom = new String(out, StandardCharsets.UTF_8);
            assertThat(dom).contains("data-nonce-script=\"ran\"");
            assertThat(dom).contains("data-nonce-style=\"rgb(0, 128, 0)\"");
            // the attack: inline code without the nonce (an injection) does not run
            assertThat(dom).doesNotContain("data-injected-script=\"ran\"");
            assertThat(dom).contains("data-injected-style=\"rgb(0, 0, 0)\"");
        }
    }
}

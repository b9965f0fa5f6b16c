package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.checkup.site.Grade;
import io.portcullis.checkup.site.Report;
import io.portcullis.checkup.site.SiteAudit;
import io.portcullis.checkup.site.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo as a user runs it ({@code java -jar demo-app/target/demo-app.jar}, its own JVM, its own
 * certificate) audited by {@code checkup site} as a user runs it (its plain-HTTP address, the
 * demo's certificate as {@code --cacert}): the scores the README and docs/checkup-site.md state.
 *
 * <p>Provenance of the expected numbers: the real MDN HTTP Observatory 1.4.8 (npm
 * {@code @mdn/mdn-http-observatory}, driven through its own {@code retrieve} and scoring code by
 * docs/checkup-site.md's {@code harness.mjs}) was run once against this demo
 * ({@code java -jar demo-app.jar --http-port 18291 --https-port 18292}, main of 2026-12-02 23:10
 * UTC): 135 A+, with the ten results listed in {@link #OBSERVATORY_1_4_8}. (An earlier demo, before
 * its {@code __Host-csrf} cookie and {@code default-src 'none'}, scored 125 by hand; this test is
 * what caught the change.) checkup's own score adds COOP (+10).
 */
class DemoScoreTest {

    private static final Pattern HTTP = Pattern.compile("HTTP:\\s+(http://\\S+/)");

    /** The real scanner's ten results for the demo (run once, see above). */
    static final List<String> OBSERVATORY_1_4_8 = List.of(
            "csp-implemented-with-no-unsafe-default-src-none", "cookies-secure-with-httponly-sessions-and-samesite",
            "cross-origin-resource-sharing-not-implemented", "redirection-to-https", "referrer-policy-private",
            "hsts-implemented-max-age-at-least-six-months", "sri-not-implemented-but-no-scripts-loaded",
            "x-content-type-options-nosniff", "x-frame-options-implemented-via-csp", "corp-implemented-with-same-origin");

    private static Path data;
    private static Process demo;
    private static Report report;

    @BeforeAll
    static void startTheDemoAndAuditIt() throws Exception {
        Path jar = Path.of(System.getProperty("demo.jar", "../../demo-app/target/demo-app.jar"));
        assertThat(jar).as("demo-app.jar is built by `package` of demo-app before this test").isRegularFile();
        data = Files.createTempDirectory("portcullis-demo-score-");
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--data-dir", data.resolve("data").toString(), "--http-port", "0", "--https-port", "0")
                .redirectErrorStream(true).start();
        URI http = null;
        StringBuilder seen = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String line;
        while (http == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = HTTP.matcher(line);
            if (m.find()) {
                http = URI.create(m.group(1));
            }
        }
        assertThat(http).as("the demo's banner:\n" + seen).isNotNull();
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the demo stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
        Path pem = data.resolve("data/tls/server.pem");
        report = new SiteAudit(new SiteAudit.Options(http, pem, List.of(), Grade.A_PLUS)).run();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(20, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor();
            }
        }
        if (data != null) {
            try (Stream<Path> all = Files.walk(data)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void observatoryScoreOfTheDemoIs135APlusAsTheRealScannerGave() {
        assertThat(report.observatory()).as(report.verdict()).isNotNull();
        assertThat(report.observatory().score()).as(report.observatory().results().toString()).isEqualTo(135);
        assertThat(report.observatory().grade()).isEqualTo(Grade.A_PLUS);
    }

    @Test
    void observatoryResultsAreTheRealScannersTestByTest() {
        assertThat(report.observatory().results()).extracting(o -> o.expectation().token())
                .containsExactlyInAnyOrderElementsOf(OBSERVATORY_1_4_8);
    }

    @Test
    void checkupsOwnScoreAddsCoopAnd145() {
        assertThat(report.extended().score()).as(report.extended().results().toString()).isEqualTo(145);
        assertThat(report.extended().grade()).isEqualTo(Grade.A_PLUS);
    }

    @Test
    void theDemoPassesEveryCheckWithoutFailure() {
        assertThat(report.count(Status.FAIL)).as(report.findings().toString()).isZero();
        assertThat(report.exitCode()).isEqualTo(Report.OK);
    }
}

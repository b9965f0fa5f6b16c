package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.checkup.site.Score.Observation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a hostile site sends ends up escaped in every output. */
class ReportRenderingTest {

    private static final String HOSTILE = "<script>alert('x')</script>\" onload=\"x\u001b[2J";

    private static Report report(Grade min, Status... statuses) {
        List<Finding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            findings.add(new Finding("headers.x" + i, "headers", statuses[i], "Server: " + HOSTILE, "fix " + HOSTILE));
        }
        Score score = Score.of(List.of(new Observation(Expectation.CSP_HEADER_INVALID, "policy " + HOSTILE)));
        return new Report("https://example.com/?q=" + HOSTILE, "https://example.com/", Instant.EPOCH, findings, score,
                min);
    }

    @Test
    void htmlEscapesEverythingFromTheSite() {
        String html = HtmlReport.render(report(Grade.B, Status.FAIL, Status.PASS));
        assertThat(html).doesNotContain("<script>").doesNotContain("\" onload=\"").doesNotContain("\u001b")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onload=&quot;x");
    }

    @Test
    void textNeutralisesTerminalControlCharacters() {
        String text = TextReport.render(report(Grade.B, Status.FAIL));
        assertThat(text).doesNotContain("\u001b").contains("\\x1b[2J");
    }

    @Test
    void jsonCarriesTheRawTextEscapedByJackson() throws Exception {
        String json = JsonReport.render(report(Grade.B, Status.WARN));
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.at("/checks/0/detail").asText()).isEqualTo("Server: " + HOSTILE);
        assertThat(json).doesNotContain("\u001b");
    }

    @Test
    void gradeBelowMinimumFailsEvenWithoutFailedChecks() {
        Report r = report(Grade.B, Status.PASS, Status.WARN);
        assertThat(r.observatory().score()).isEqualTo(75);
        assertThat(r.exitCode()).isZero();
        Report strict = report(Grade.A, Status.PASS, Status.WARN);
        assertThat(strict.exitCode()).isEqualTo(Report.FAILED);
        assertThat(strict.verdict()).isEqualTo("FAIL: Observatory grade B is below the minimum A");
    }

    @Test
    void failedCheckFailsEvenWithTopGrade() {
        Report r = new Report("u", "u", Instant.EPOCH, List.of(Finding.fail("behaviour.trace", "echo", "fix")),
                Score.of(List.of()), Grade.F);
        assertThat(r.observatory().grade()).isEqualTo(Grade.A_PLUS);
        assertThat(r.exitCode()).isEqualTo(Report.FAILED);
        assertThat(r.verdict()).isEqualTo("FAIL: 1 check(s) failed");
    }
}

package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.checkup.site.Score.Observation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScoreTest {

    @ParameterizedTest(name = "score {0} -> {1}")
    @CsvSource({"135,A+", "100,A+", "99,A", "90,A", "89,A-", "85,A-", "84,B+", "80,B+", "79,B", "70,B", "69,B-",
            "65,B-", "64,C+", "60,C+", "59,C", "50,C", "49,C-", "45,C-", "44,D+", "40,D+", "39,D", "30,D", "29,D-",
            "25,D-", "24,F", "0,F", "-20,F"})
    void gradeFollowsThePublishedChart(int score, String grade) {
        assertThat(Grade.forScore(score).token()).isEqualTo(grade);
    }

    @Test
    void minimumGradeComparisonIsByRank() {
        assertThat(Grade.A.atLeast(Grade.B)).isTrue();
        assertThat(Grade.B.atLeast(Grade.B)).isTrue();
        assertThat(Grade.B_MINUS.atLeast(Grade.B)).isFalse();
    }

    private static Score score(Expectation... results) {
        return Score.of(Arrays.stream(results).map(e -> new Observation(e, "")).toList());
    }

    @Test
    void bonusesCountWhenScoreWithoutThemIsAtLeast90() {
        // -5 (nosniff missing) leaves 95 >= 90: +10 CSP, +10 COOP count; XFO DENY is 0 in 1.4.8
        Score s = score(Expectation.XCTO_NOT_IMPLEMENTED, Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE,
                Expectation.XFO_SAMEORIGIN_OR_DENY, Expectation.COOP_SAME_ORIGIN);
        assertThat(s.score()).isEqualTo(115);
        assertThat(s.grade()).isEqualTo(Grade.A_PLUS);
    }

    @Test
    void bonusesAreIgnoredWhenScoreWithoutThemIsBelow90() {
        // -20 (no HSTS) leaves 80 < 90: the +10 and +5 bonuses do not lift it
        Score s = score(Expectation.HSTS_NOT_IMPLEMENTED, Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE,
                Expectation.XFO_SAMEORIGIN_OR_DENY);
        assertThat(s.score()).isEqualTo(80);
        assertThat(s.grade()).isEqualTo(Grade.B_PLUS);
    }

    @Test
    void scoreNeverGoesBelowZero() {
        Score s = score(Expectation.CORS_UNIVERSAL, Expectation.SRI_MISSING_EXTERNAL_INSECURE,
                Expectation.COOKIES_SESSION_WITHOUT_SECURE);
        assertThat(s.score()).isZero();
        assertThat(s.grade()).isEqualTo(Grade.F);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"csp-implemented-with-no-unsafe-default-src-none,10", "csp-implemented-with-no-unsafe,5",
            "csp-implemented-with-unsafe-inline,-20", "csp-not-implemented,-25", "csp-header-invalid,-25",
            "csp-implemented-with-unsafe-eval,-10", "cookies-session-without-secure-flag,-40",
            "cookies-session-without-httponly-flag,-30", "cookies-secure-with-httponly-sessions-and-samesite,5",
            "cross-origin-resource-sharing-implemented-with-universal-access,-50", "redirection-off-host-from-http,-5",
            "redirection-not-to-https-on-initial-redirection,-10", "redirection-missing,-20",
            "referrer-policy-private,5", "referrer-policy-unsafe,-5", "hsts-implemented-max-age-less-than-six-months,-10",
            "hsts-not-implemented,-20", "x-content-type-options-not-implemented,-5",
            "x-frame-options-implemented-via-csp,5", "x-frame-options-not-implemented,-20",
            "coop-implemented-with-same-origin,10", "coep-implemented-with-require-corp,10",
            "corp-implemented-with-same-site,10",
            "sri-not-implemented-and-external-scripts-not-loaded-securely,-50"})
    void modifiersAreThePublishedOnes(String token, int modifier) {
        Expectation e = Arrays.stream(Expectation.values()).filter(x -> x.token().equals(token)).findFirst().orElseThrow();
        assertThat(e.modifier()).isEqualTo(modifier);
    }

    @Test
    void everyObservatoryTestHasResults() {
        List<Expectation.Test> covered = Arrays.stream(Expectation.values()).map(Expectation::test).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrder(Expectation.Test.values());
    }
}

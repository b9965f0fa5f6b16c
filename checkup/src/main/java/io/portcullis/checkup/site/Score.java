package io.portcullis.checkup.site;

import java.util.Collection;
import java.util.List;

/**
 * The Observatory score: start at 100, add every negative modifier; only if that "uncurved"
 * score is still at least {@value #MINIMUM_FOR_EXTRA_CREDIT} add the positive modifiers too
 * ({@code mdn-http-observatory src/scanner/index.js}). The score is never below 0 and has no
 * upper cap; the grade uses it floored to 5 and capped at 100.
 *
 * @param results one Observatory result per test
 * @param score   the final score
 * @param grade   the grade for {@code score}
 */
public record Score(List<Observation> results, int score, Grade grade) {

    /** Bonuses count only from this uncurved score on. */
    public static final int MINIMUM_FOR_EXTRA_CREDIT = 90;

    /** One Observatory test's result, with the reason in our words. */
    public record Observation(Expectation expectation, String detail) {
        public Expectation.Test test() {
            return expectation.test();
        }
    }

    public Score {
        results = List.copyOf(results);
    }

    /** Scores {@code results} with the published rule. */
    public static Score of(Collection<Observation> results) {
        int uncurved = 100;
        int withBonus = 100;
        for (Observation r : results) {
            int m = r.expectation().modifier();
            withBonus += m;
            if (m < 0) {
                uncurved += m;
            }
        }
        int score = Math.max(0, uncurved >= MINIMUM_FOR_EXTRA_CREDIT ? withBonus : uncurved);
        return new Score(List.copyOf(results), score, Grade.forScore(score));
    }
}

package io.portcullis.checkup.site;

import io.portcullis.core.WireToken;

/**
 * The MDN HTTP Observatory letter grades, best first. {@link #forScore} applies the published
 * chart ({@code src/grader/charts.js} {@code GRADE_CHART}): the score is floored to a multiple of
 * 5 and capped at 100 before lookup, so 100 and above is A+, 90–99 A, 85–89 A-, 80–84 B+,
 * 70–79 B, 65–69 B-, 60–64 C+, 50–59 C, 45–49 C-, 40–44 D+, 30–39 D, 25–29 D-, below 25 F.
 */
public enum Grade implements WireToken {
    A_PLUS("A+", 100), A("A", 90), A_MINUS("A-", 85), B_PLUS("B+", 80), B("B", 70), B_MINUS("B-", 65),
    C_PLUS("C+", 60), C("C", 50), C_MINUS("C-", 45), D_PLUS("D+", 40), D("D", 30), D_MINUS("D-", 25), F("F", 0);

    private final String token;
    private final int minimum;

    Grade(String token, int minimum) {
        this.token = token;
        this.minimum = minimum;
    }

    @Override
    public String token() {
        return token;
    }

    /** The lowest score that earns this grade. */
    public int minimum() {
        return minimum;
    }

    /** The grade for a final score (negative scores count as 0). */
    public static Grade forScore(int score) {
        int floored = Math.min(Math.max(score, 0), 100);
        floored -= floored % 5;
        for (Grade g : values()) {
            if (floored >= g.minimum) {
                return g;
            }
        }
        return F;
    }

    /** True when this grade is at least as good as {@code other}. */
    public boolean atLeast(Grade other) {
        return ordinal() <= other.ordinal();
    }
}

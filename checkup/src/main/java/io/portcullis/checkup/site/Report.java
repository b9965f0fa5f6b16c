package io.portcullis.checkup.site;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one audit: our checks, the Observatory score and grade, and whether CI should
 * pass it.
 *
 * @param target      the URL audited (as given)
 * @param auditedPage the HTTPS (or, failing that, HTTP) page whose headers were graded
 * @param at          when the audit ran
 * @param findings    our checks, in report order
 * @param observatory the MDN HTTP Observatory 1.4.8's score, computed as it does; null when it would
 *                    refuse the page (then {@code observatoryNote} says why)
 * @param extended    checkup's own score: the same modifiers on what a browser really gets, plus
 *                    COOP and COEP
 * @param observatoryNote why the Observatory score is missing, or null
 * @param minGrade    the lowest grade that passes
 */
public record Report(String target, String auditedPage, Instant at, List<Finding> findings, Score observatory,
                     Score extended, String observatoryNote, Grade minGrade) {

    /** Exit code: everything passed. */
    public static final int OK = 0;
    /** Exit code: a check failed or the grade is below the minimum. */
    public static final int FAILED = 1;
    /** Exit code: the site could not be reached at all. */
    public static final int UNREACHABLE = 3;

    public Report {
        findings = List.copyOf(findings);
        if (observatory == null && extended == null) {
            throw new IllegalArgumentException("a report needs at least one score");
        }
    }

    /** A report whose only score is the Observatory's. */
    public Report(String target, String auditedPage, Instant at, List<Finding> findings, Score observatory,
                  Grade minGrade) {
        this(target, auditedPage, at, findings, observatory, observatory, null, minGrade);
    }

    /** The grade {@code --min-grade} is compared with: the Observatory's, or checkup's own when the Observatory refused the page. */
    public Grade grade() {
        return observatory != null ? observatory.grade() : extended.grade();
    }

    /** Which score {@link #grade()} comes from, for messages. */
    public String gradeSource() {
        return observatory != null ? "Observatory" : "checkup";
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    public boolean gradeOk() {
        return grade().atLeast(minGrade);
    }

    public boolean passed() {
        return gradeOk() && count(Status.FAIL) == 0;
    }

    public int exitCode() {
        return passed() ? OK : FAILED;
    }

    /** One sentence: why the command passes or fails. */
    public String verdict() {
        if (passed()) {
            return "PASS: " + gradeSource() + " grade " + grade().token() + " (minimum " + minGrade.token() + "), no failed check";
        }
        StringBuilder b = new StringBuilder("FAIL: ");
        if (!gradeOk()) {
            b.append(gradeSource()).append(" grade ").append(grade().token()).append(" is below the minimum ")
                    .append(minGrade.token());
        }
        long fails = count(Status.FAIL);
        if (fails > 0) {
            b.append(gradeOk() ? "" : "; ").append(fails).append(" check(s) failed");
        }
        return b.toString();
    }
}

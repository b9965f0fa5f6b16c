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
 * @param observatory the Observatory-comparable score
 * @param minGrade    the lowest grade that passes
 */
public record Report(String target, String auditedPage, Instant at, List<Finding> findings, Score observatory,
                     Grade minGrade) {

    /** Exit code: everything passed. */
    public static final int OK = 0;
    /** Exit code: a check failed or the grade is below the minimum. */
    public static final int FAILED = 1;
    /** Exit code: the site could not be reached at all. */
    public static final int UNREACHABLE = 3;

    public Report {
        findings = List.copyOf(findings);
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    public boolean gradeOk() {
        return observatory.grade().atLeast(minGrade);
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
            return "PASS: grade " + observatory.grade().token() + " (minimum " + minGrade.token() + "), no failed check";
        }
        StringBuilder b = new StringBuilder("FAIL: ");
        if (!gradeOk()) {
            b.append("grade ").append(observatory.grade().token()).append(" is below the minimum ")
                    .append(minGrade.token());
        }
        long fails = count(Status.FAIL);
        if (fails > 0) {
            b.append(gradeOk() ? "" : "; ").append(fails).append(" check(s) failed");
        }
        return b.toString();
    }
}

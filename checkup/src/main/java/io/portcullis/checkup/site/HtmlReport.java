package io.portcullis.checkup.site;

import io.portcullis.checkup.site.Score.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code --html FILE}: one self-contained page (inline CSS, no script, no external resource) with
 * the grade badge, one row per check (failures first, then warnings) and its fix hint. Everything that came from the site or the
 * command line is HTML-escaped, because a hostile site chooses its own headers.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder b = new StringBuilder(16_384);
        String grade = r.grade().token();
        // the badge shows the worse of the grade and the checks: a failed check is never green
        char colour = grade.charAt(0);
        if (r.count(Status.FAIL) > 0) {
            colour = 'F';
        } else if (r.count(Status.WARN) > 0 && colour == 'A') {
            colour = 'B';
        }
        String caption = r.gradeSource() + " grade" + (r.count(Status.FAIL) > 0 ? " · " + r.count(Status.FAIL)
                + " failed" : "");
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>checkup: ").append(esc(r.target())).append("</title><style>")
                .append("body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;")
                .append("max-width:72rem;padding:0 1rem;color:#1b1f24;background:#fff}")
                .append("header{display:flex;gap:1.5rem;align-items:center;margin-bottom:1.5rem}")
                .append(".badge{font-size:2.6rem;font-weight:700;width:5.5rem;height:5.5rem;border-radius:1rem;")
                .append("display:flex;align-items:center;justify-content:center;color:#fff}")
                .append(".g-A{background:#1a7f37}.g-B{background:#4d7c0f}.g-C{background:#b45309}")
                .append(".g-D{background:#c2410c}.g-F{background:#b91c1c}")
                .append("h1{font-size:1.3rem;margin:0;word-break:break-all}h2{font-size:1.1rem;margin-top:2rem}")
                .append(".verdict{font-weight:600}.verdict.ok{color:#1a7f37}.verdict.ko{color:#b91c1c}")
                .append("table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;")
                .append("padding:.45rem .6rem;border-bottom:1px solid #d0d7de}th{background:#f6f8fa}")
                .append("code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;word-break:break-all}")
                .append(".s{font-weight:700;text-transform:uppercase;font-size:.8rem;border-radius:.3rem;")
                .append("padding:.1rem .4rem;color:#fff}.s-pass{background:#1a7f37}.s-warn{background:#b45309}")
                .append(".s-fail{background:#b91c1c}.fix{color:#57606a;font-size:.9em}.pos{color:#1a7f37}.neg{color:#b91c1c}")
                .append("td.id code{white-space:nowrap;word-break:normal}.cap{font-size:.75rem;color:#57606a;text-align:center}")
                .append("details summary{cursor:pointer}details[open] summary{margin-bottom:.3rem}")
                .append("</style></head><body>\n<header><div><div class=\"badge g-").append(colour).append("\">")
                .append(esc(grade)).append("</div><div class=\"cap\">").append(esc(caption)).append("</div></div><div><h1>")
                .append(esc(r.target())).append("</h1>")
                .append("<div>").append(esc(TextReport.observatoryLine(r))).append("</div>")
                .append("<div>checkup score ").append(r.extended().score()).append(" (grade ")
                .append(esc(r.extended().grade().token())).append(", what a browser gets, plus COOP/COEP) · ")
                .append(r.count(Status.PASS)).append(" pass · ").append(r.count(Status.WARN)).append(" warn · ")
                .append(r.count(Status.FAIL)).append(" fail</div><div>audited page <code>")
                .append(esc(r.auditedPage())).append("</code> at ").append(esc(r.at().toString())).append("</div>")
                .append("<div class=\"verdict ").append(r.passed() ? "ok" : "ko").append("\">").append(esc(r.verdict()))
                .append("</div></div></header>\n");
        b.append("<h2>Checks</h2>\n<table><thead><tr><th>Status</th><th>Check</th><th>Finding and fix</th></tr></thead><tbody>\n");
        List<Finding> worstFirst = new ArrayList<>(r.findings());
        worstFirst.sort(Comparator.comparingInt((Finding f) -> -f.status().ordinal()));
        for (Finding f : worstFirst) {
            b.append("<tr><td><span class=\"s s-").append(f.status().token()).append("\">")
                    .append(f.status().token()).append("</span></td><td class=\"id\"><code>").append(esc(f.id()))
                    .append("</code></td><td>").append(fold(f.detail()));
            if (f.fix() != null) {
                b.append("<div class=\"fix\">Fix: ").append(esc(f.fix())).append("</div>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (r.observatory() != null) {
            table(b, "MDN HTTP Observatory 1.4.8: score " + r.observatory().score() + ", grade "
                    + r.observatory().grade().token() + " (its rules and known bugs)", r.observatory());
        }
        table(b, "checkup score: " + r.extended().score() + ", grade " + r.extended().grade().token(), r.extended());
        b.append("<p class=\"fix\">Bonuses count only when the score without them is at least ")
                .append(Score.MINIMUM_FOR_EXTRA_CREDIT).append(". Generated by portcullis checkup.</p>\n</body></html>\n");
        return b.toString();
    }

    private static void table(StringBuilder b, String title, Score score) {
        b.append("<h2>").append(esc(title)).append("</h2>\n<table><thead><tr><th>Modifier</th><th>Test</th>")
                .append("<th>Result</th></tr></thead><tbody>\n");
        for (Observation o : score.results()) {
            int m = o.expectation().modifier();
            b.append("<tr><td class=\"").append(m > 0 ? "pos" : m < 0 ? "neg" : "").append("\">")
                    .append(m > 0 ? "+" : "").append(m).append("</td><td>").append(esc(o.test().title()))
                    .append("</td><td><code>").append(esc(o.expectation().token())).append("</code><br>")
                    .append(fold(o.detail())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** Long values are folded, never cut: the whole value is one click away. */
    static String fold(String s) {
        if (s == null || s.length() <= FOLD_AT) {
            return esc(s);
        }
        return "<details><summary>" + esc(s.substring(0, FOLD_AT - 40)) + " …</summary>" + esc(s) + "</details>";
    }

    static final int FOLD_AT = 240;

    /** Escapes text for element content and quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                        out.append("&#xFFFD;");
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}

package io.portcullis.checkup.site;

import io.portcullis.checkup.site.Score.Observation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The default, readable output: one line per check, grouped by area, then the Observatory table. */
public final class TextReport {

    private TextReport() {
    }

    public static String render(Report r) {
        return render(r, new io.portcullis.checkup.cli.Terminal.Palette(false));
    }

    /** The report, PASS/WARN/FAIL coloured by {@code p}. */
    public static String render(Report r, io.portcullis.checkup.cli.Terminal.Palette p) {
        StringBuilder b = new StringBuilder();
        b.append("checkup site ").append(oneLine(r.target())).append('\n');
        b.append("audited page: ").append(oneLine(r.auditedPage())).append('\n');
        b.append(observatoryLine(r)).append('\n');
        b.append("checkup score ").append(r.extended().score()).append(" (grade ").append(r.extended().grade().token())
                .append(", same modifiers on what a browser gets, plus COOP/COEP)   ").append(r.count(Status.PASS))
                .append(" pass, ").append(r.count(Status.WARN)).append(" warn, ").append(r.count(Status.FAIL))
                .append(" fail\n");
        Map<String, List<Finding>> byArea = new LinkedHashMap<>();
        r.findings().forEach(f -> byArea.computeIfAbsent(f.area(), a -> new java.util.ArrayList<>()).add(f));
        byArea.forEach((area, list) -> {
            b.append('\n').append(area.toUpperCase(Locale.ROOT)).append('\n');
            for (Finding f : list) {
                String status = String.format("%-4s", f.status().token().toUpperCase(Locale.ROOT));
                status = f.status() == Status.PASS ? p.green(status) : f.status() == Status.WARN ? p.yellow(status)
                        : p.red(status);
                b.append(String.format("  %s  %-34s %s%n", status, f.id(), oneLine(f.detail())));
                if (f.fix() != null) {
                    b.append(String.format("        %-34s fix: %s%n", "", oneLine(f.fix())));
                }
            }
        });
        if (r.observatory() != null) {
            b.append("\nMDN HTTP OBSERVATORY 1.4.8 (score ").append(r.observatory().score()).append(", grade ")
                    .append(r.observatory().grade().token()).append(")\n");
            table(b, r.observatory());
        }
        b.append("\nCHECKUP SCORE (score ").append(r.extended().score()).append(", grade ")
                .append(r.extended().grade().token()).append(")\n");
        table(b, r.extended());
        b.append('\n').append(r.passed() ? p.green(oneLine(r.verdict())) : p.red(oneLine(r.verdict()))).append('\n');
        return b.toString();
    }

    static String observatoryLine(Report r) {
        return r.observatory() == null ? "MDN HTTP Observatory 1.4.8: no score, " + oneLine(r.observatoryNote())
                : "MDN HTTP Observatory 1.4.8 grade " + r.observatory().grade().token() + " (score "
                + r.observatory().score() + ", computed as it does, its known bugs included)";
    }

    private static void table(StringBuilder b, Score s) {
        for (Observation o : s.results()) {
            b.append(String.format("  %+4d  %-30s %s: %s%n", o.expectation().modifier(), o.test().token(),
                    o.expectation().token(), oneLine(o.detail())));
        }
    }

    /** Control characters a hostile server might send are shown, not obeyed by the terminal. */
    static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}

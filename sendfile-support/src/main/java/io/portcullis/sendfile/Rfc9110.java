package io.portcullis.sendfile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** RFC 9110 parsing helpers for the DIRECT backend: HTTP dates (§5.6.7), entity tags (§8.8.3), byte ranges (§14.1). */
final class Rfc9110 {

    private Rfc9110() {
    }

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    // two-digit years: 70-99 are 19xx, 00-69 are 20xx (RFC 9110 §5.6.7 leaves the pivot to the recipient)
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String formatDate(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /** Epoch seconds of an HTTP-date in any of the three §5.6.7 forms, or -1 when invalid (the header is then ignored). */
    static long parseDate(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(v, f).toEpochSecond();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return -1;
    }

    /**
     * Whether {@code header} (an If-Match / If-None-Match value: {@code *} or a list of entity tags) matches {@code etag}.
     * {@code strong}: strong comparison (§8.8.3.2: both strong and identical); else weak comparison.
     */
    static boolean etagMatches(String header, String etag, boolean strong) {
        String h = header.trim();
        if (h.equals("*")) {
            return true;
        }
        String mine = opaque(etag);
        boolean mineWeak = etag.startsWith("W/");
        int i = 0;
        while (i < h.length()) {
            char c = h.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            boolean weak = false;
            if (h.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= h.length() || h.charAt(i) != '"') {
                return false; // malformed list: no match
            }
            int end = h.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            String tag = h.substring(i, end + 1);
            if (tag.equals(mine) && (!strong || (!weak && !mineWeak))) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    /** One satisfiable range, {@code first} to {@code last} inclusive. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** The outcome of reading a Range header against a representation of {@code size} bytes. */
    record Ranges(Kind kind, List<Range> ranges) {
        enum Kind { IGNORE, UNSATISFIABLE, SATISFIABLE }

        static final Ranges IGNORE = new Ranges(Kind.IGNORE, List.of());
        static final Ranges UNSATISFIABLE = new Ranges(Kind.UNSATISFIABLE, List.of());
    }

    /**
     * Parses {@code bytes=…} (§14.1.2). A header that is not a valid {@code bytes} range set, or
     * any range of an empty file, is ignored (200, §14.2). Unsatisfiable specs are dropped; none left gives 416. Overlapping or
     * adjacent ranges are coalesced (§14.2 allows it) so one byte is never sent twice; more
     * than {@code maxRanges} left after that is ignored and the whole file is sent (the
     * Rack CVE-2026-34826 lesson: many tiny ranges must not multiply the work).
     */
    static Ranges parseRanges(String header, long size, int maxRanges) {
        if (header == null || size == 0) {
            // §14.1.1: on an empty representation only a suffix range is satisfiable, and no 206 can
            // describe zero bytes; Tomcat's DefaultServlet, nginx, Apache and lighttpd all send the 200
            return Ranges.IGNORE;
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return Ranges.IGNORE;
        }
        String[] specs = h.substring(eq + 1).split(",", -1);
        if (specs.length > 100) {
            return Ranges.IGNORE;
        }
        List<Range> out = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // RFC 9110 §5.6.1: empty list elements are ignored
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Ranges.IGNORE;
            }
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (!digits(a) && !a.isEmpty() || !digits(b) && !b.isEmpty() || a.isEmpty() && b.isEmpty()) {
                return Ranges.IGNORE;
            }
            if (a.isEmpty()) {
                long suffix = parse(b);
                if (suffix < 0) {
                    return Ranges.IGNORE;
                }
                if (suffix == 0 || size == 0) {
                    continue;
                }
                out.add(new Range(Math.max(0, size - suffix), size - 1));
            } else {
                long first = parse(a);
                long last = b.isEmpty() ? Long.MAX_VALUE : parse(b);
                if (first < 0 || last < 0 || last < first) {
                    return Ranges.IGNORE;
                }
                if (first >= size) {
                    continue;
                }
                out.add(new Range(first, Math.min(last, size - 1)));
            }
        }
        if (out.isEmpty()) {
            return Ranges.UNSATISFIABLE;
        }
        List<Range> merged = coalesce(out);
        if (merged.size() > maxRanges) {
            return Ranges.IGNORE;
        }
        return new Ranges(Ranges.Kind.SATISFIABLE, merged);
    }

    private static List<Range> coalesce(List<Range> in) {
        List<Range> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.comparingLong(Range::first));
        boolean overlap = false;
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).first() <= sorted.get(i - 1).last() + 1) {
                overlap = true;
                break;
            }
        }
        if (!overlap) {
            return in; // keep the client's order when nothing overlaps
        }
        List<Range> out = new ArrayList<>();
        Range cur = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Range next = sorted.get(i);
            if (next.first() <= cur.last() + 1) {
                cur = new Range(cur.first(), Math.max(cur.last(), next.last()));
            } else {
                out.add(cur);
                cur = next;
            }
        }
        out.add(cur);
        return out;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parse(String s) {
        return digits(s) ? Long.parseLong(s) : -1;
    }
}

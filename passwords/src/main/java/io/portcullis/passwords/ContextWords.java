package io.portcullis.passwords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Context words (user name, e-mail, site name, extra words) and the two ways a password can lean
 * on them:
 * <ul>
 *   <li>Django's {@code UserAttributeSimilarityValidator}: each value and each of its
 *       {@code \W+}-separated parts is compared with the whole password by
 *       {@code difflib.SequenceMatcher.quick_ratio()} (2·shared characters / total characters),
 *       refused at or above the threshold (0.7), parts much shorter than the password skipped
 *       exactly as Django's {@code exceeds_maximum_length_ratio} does;</li>
 *   <li>beyond Django: a context word of four or more characters does not count towards the
 *       length: when removing every occurrence leaves fewer code points than the minimum, the
 *       password is refused ({@code alexander2024!!} for user {@code alexander}, which
 *       quick_ratio also catches, but also {@code bobbobbobbobbob1} for {@code bobb}); look-alike
 *       substitutions are folded first ({@link #unLeet}), so {@code 4l3x4nd3r2024!!} is refused
 *       too.</li>
 * </ul>
 * Everything is compared after NFKC and ROOT-locale lower-casing, so case and full-width forms
 * do not hide a context word. An e-mail's last domain label ({@code com}) is not a word.
 */
final class ContextWords {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}_]+");
    static final int MIN_CONTAINED = 4;

    /** One context value with its label for messages ("your user name"). */
    record Value(String label, String value, List<String> parts) {
    }

    private ContextWords() {
    }

    static List<Value> collect(PasswordPolicy policy, PasswordContext context) {
        List<Value> out = new ArrayList<>();
        if (context.userName() != null && !context.userName().isBlank()) {
            out.add(value("your user name", context.userName(), false));
        }
        if (context.email() != null && !context.email().isBlank()) {
            out.add(value("your e-mail address", context.email(), true));
        }
        for (String w : context.words()) {
            if (!w.isBlank()) {
                out.add(value("your account details", w, false));
            }
        }
        policy.siteName().ifPresent(s -> out.add(value("this site's name", s, false)));
        for (String w : policy.contextWords()) {
            out.add(value("a word this site does not allow", w, false));
        }
        return out;
    }

    private static Value value(String label, String raw, boolean email) {
        String v = PasswordText.normalize(raw).toLowerCase(Locale.ROOT).trim();
        Set<String> parts = new LinkedHashSet<>();
        if (email && v.indexOf('@') > 0) {
            int at = v.lastIndexOf('@');
            split(v.substring(0, at), parts);
            String[] labels = v.substring(at + 1).split("\\.");
            for (int i = 0; i < labels.length - 1; i++) {
                split(labels[i], parts);
            }
        } else {
            split(v, parts);
        }
        parts.add(v);
        parts.remove("");
        return new Value(label, v, List.copyOf(parts));
    }

    private static void split(String s, Set<String> into) {
        for (String p : NON_WORD.split(s)) {
            if (!p.isEmpty()) {
                into.add(p);
            }
        }
    }

    /** Every part, for zxcvbn's user-input dictionary. */
    static List<String> words(List<Value> values) {
        Set<String> out = new LinkedHashSet<>();
        values.forEach(v -> out.addAll(v.parts()));
        return List.copyOf(out);
    }

    /** The first value the password leans on, or null. */
    static Value leanedOn(String lowerPassword, List<Value> values, double maxSimilarity, int minLength) {
        for (Value v : values) {
            for (String part : v.parts()) {
                if (exceedsMaximumLengthRatio(lowerPassword, maxSimilarity, part)) {
                    continue;
                }
                if (quickRatio(lowerPassword, part) >= maxSimilarity) {
                    return v;
                }
            }
        }
        String rest = unLeet(lowerPassword);
        Value first = null;
        for (Value v : values) {
            for (String part : v.parts()) {
                String folded = unLeet(part);
                if (PasswordText.length(part) >= MIN_CONTAINED && rest.contains(folded)) {
                    rest = rest.replace(folded, "");
                    first = first == null ? v : first;
                }
            }
        }
        return first != null && PasswordText.length(rest) < minLength ? first : null;
    }

    /**
     * Folds look-alike substitutions to one letter on both sides before the containment measure, so
     * {@code 4l3x4nd3r} still contains {@code alexander} (zxcvbn's l33t table: a 4 @, b 8, e 3,
     * g 6 9, i l 1 ! |, o 0, s 5 $, t 7 +, z 2). One character in, one out: lengths are kept.
     */
    static String unLeet(String lower) {
        StringBuilder out = new StringBuilder(lower.length());
        lower.codePoints().forEach(cp -> out.appendCodePoint(switch (cp) {
            case '4', '@' -> 'a';
            case '8' -> 'b';
            case '3' -> 'e';
            case '6', '9' -> 'g';
            case 'l', '1', '!', '|' -> 'i';
            case '0' -> 'o';
            case '5', '$' -> 's';
            case '7', '+' -> 't';
            case '2' -> 'z';
            default -> cp;
        }));
        return out.toString();
    }

    /** Django's {@code exceeds_maximum_length_ratio}: a part this short cannot be judged similar. */
    static boolean exceedsMaximumLengthRatio(String password, double maxSimilarity, String value) {
        int pwdLen = PasswordText.length(password);
        double lengthBoundSimilarity = maxSimilarity / 2 * pwdLen;
        int valueLen = PasswordText.length(value);
        return pwdLen >= 10 * valueLen && valueLen < lengthBoundSimilarity;
    }

    /** {@code difflib.SequenceMatcher(a, b).quick_ratio()}: 2·|multiset a ∩ b| / (|a| + |b|), over code points. */
    static double quickRatio(String a, String b) {
        int total = PasswordText.length(a) + PasswordText.length(b);
        if (total == 0) {
            return 1.0;
        }
        Map<Integer, Integer> available = new HashMap<>();
        b.codePoints().forEach(cp -> available.merge(cp, 1, Integer::sum));
        int matches = 0;
        for (int cp : a.codePoints().toArray()) {
            Integer n = available.get(cp);
            if (n != null && n > 0) {
                available.put(cp, n - 1);
                matches++;
            }
        }
        return 2.0 * matches / total;
    }
}

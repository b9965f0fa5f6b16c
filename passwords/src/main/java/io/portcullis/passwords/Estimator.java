package io.portcullis.passwords;

import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.ZxcvbnBuilder;
import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.StandardKeyboards;
import com.nulabinc.zxcvbn.matchers.Dictionary;
import com.nulabinc.zxcvbn.matchers.Match;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * zxcvbn4j behind one small door: the strength estimate, the pattern names, and the
 * common-password list (zxcvbn's {@code passwords} dictionary, 30,000 entries ranked by
 * frequency). Loaded once per JVM (~1 MB of dictionaries); {@link Zxcvbn#measure} keeps no
 * state between calls, so one instance serves every thread.
 */
final class Estimator {

    /**
     * zxcvbn's matching grows faster than linearly with length; characters past this many code
     * points are left out of the estimate (they can only add guesses, never remove them).
     * zxcvbn-ts truncates at 256 for the same reason.
     */
    static final int MAX_ESTIMATED = 100;

    private static final String OTHER = "other characters";
    private static final Estimator INSTANCE = load();

    private final Zxcvbn zxcvbn;
    private final Map<String, Integer> common;

    private Estimator(Zxcvbn zxcvbn, Map<String, Integer> common) {
        this.zxcvbn = zxcvbn;
        this.common = common;
    }

    static Estimator get() {
        return INSTANCE;
    }

    private static Estimator load() {
        try {
            List<Dictionary> dictionaries = StandardDictionaries.loadAllDictionaries();
            Map<String, Integer> common = dictionaries.stream()
                    .filter(d -> d.getName().equals(StandardDictionaries.PASSWORDS))
                    .findFirst().orElseThrow().getRankedDictionary();
            Zxcvbn z = new ZxcvbnBuilder().dictionaries(dictionaries).keyboards(StandardKeyboards.loadAllKeyboards()).build();
            return new Estimator(z, common);
        } catch (IOException e) {
            throw new UncheckedIOException("zxcvbn dictionaries missing from the class path", e);
        }
    }

    /** Whether the lower-cased password is on the common-password list. */
    boolean common(String lowerCase) {
        return common.containsKey(lowerCase);
    }

    /** Size of the common-password list. */
    int commonSize() {
        return common.size();
    }

    /** The estimate for {@code normalized} with the user's context words (lower case). */
    Strength estimate(String normalized, List<String> contextWords) {
        if (normalized.isEmpty()) {
            return Strength.none();
        }
        String measured = normalized;
        if (PasswordText.length(normalized) > MAX_ESTIMATED) {
            measured = normalized.substring(0, normalized.offsetByCodePoints(0, MAX_ESTIMATED));
        }
        com.nulabinc.zxcvbn.Strength s = zxcvbn.measure(measured, contextWords);
        List<String> patterns = new ArrayList<>();
        for (Match m : s.getSequence()) {
            String name = describe(m);
            boolean repeatedFiller = name.equals(OTHER) && !patterns.isEmpty() && patterns.get(patterns.size() - 1).equals(OTHER);
            if (!repeatedFiller) {
                patterns.add(name);
            }
        }
        String warning = s.getFeedback().getWarning(Locale.ENGLISH);
        List<String> suggestions = s.getFeedback().getSuggestions(Locale.ENGLISH);
        return new Strength(s.getGuessesLog10(), s.getScore(), patterns, warning == null ? "" : warning,
                suggestions == null ? List.of() : suggestions);
    }

    /** A short English name for what zxcvbn matched. */
    static String describe(Match m) {
        String base = switch (m.pattern) {
            case Dictionary -> switch (m.dictionaryName) {
                case StandardDictionaries.PASSWORDS -> "a common password";
                case StandardDictionaries.ENGLISH_WIKIPEDIA, StandardDictionaries.US_TV_AND_FILM -> "a common word";
                case StandardDictionaries.SURNAMES, StandardDictionaries.MALE_NAMES, StandardDictionaries.FEMALE_NAMES ->
                        "a name";
                case "user_inputs" -> "a word from your account details";
                default -> "a dictionary word";
            };
            case Spatial -> "a keyboard pattern";
            case Repeat -> "a repetition";
            case Sequence -> "a sequence like abc or 6543";
            case Regex -> "recent_year".equals(m.regexName) ? "a year" : "a predictable pattern";
            case Date -> "a date";
            case Bruteforce -> OTHER;
        };
        if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary) {
            if (m.reversed) {
                base += " reversed";
            }
            if (m.l33t) {
                base += " with look-alike substitutions";
            }
        }
        return base;
    }
}

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
     * zxcvbn4j's cost grows with the cube of the length and, through its l33t matcher, with the
     * number of distinct l33t-table characters (measured: 16 characters such as
     * {@code 4@8(6<1!|i7+0$5%} took 0.15–0.55 s, 100 random printable characters 12 s and 800 MB
     * on the loaded 2-core test machine). So the password is estimated in consecutive chunks of at
     * most {@value #CHUNK} code points, a chunk ending before its {@value #MAX_L33T_CHARS}+1-th
     * distinct l33t character, and the chunks' guesses are multiplied (log10 added): guessing
     * independent pieces costs at least the product. Past {@value #MAX_ESTIMATED} code points the
     * rest is left out (it could only add guesses).
     */
    static final int CHUNK = 32;
    static final int MAX_L33T_CHARS = 8;
    static final int MAX_ESTIMATED = 128;
    /** The characters of zxcvbn's l33t table (a:4@ b:8 c:({[< e:3 g:69 i:1!| l:1|7 o:0 s:$5 t:+7 x:% z:2). */
    private static final String L33T = "4@8({[<3691!|70$5%2+";

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
        double log10 = 0;
        List<String> patterns = new ArrayList<>();
        String warning = "";
        List<String> suggestions = List.of();
        double weakest = Double.MAX_VALUE;
        for (String chunk : chunks(normalized)) {
            com.nulabinc.zxcvbn.Strength s = zxcvbn.measure(chunk, contextWords);
            log10 += s.getGuessesLog10();
            for (Match m : s.getSequence()) {
                String name = describe(m);
                boolean repeatedFiller = name.equals(OTHER) && !patterns.isEmpty() && patterns.get(patterns.size() - 1).equals(OTHER);
                if (!repeatedFiller) {
                    patterns.add(name);
                }
            }
            if (s.getGuessesLog10() < weakest) {
                weakest = s.getGuessesLog10();
                String w = s.getFeedback().getWarning(Locale.ENGLISH);
                warning = w == null ? "" : w;
                List<String> sg = s.getFeedback().getSuggestions(Locale.ENGLISH);
                suggestions = sg == null ? List.of() : sg;
            }
        }
        return new Strength(log10, score(log10), patterns, warning, suggestions);
    }

    /** zxcvbn's own score thresholds (guesses below 10^3, 10^6, 10^8, 10^10, with its +5 margin). */
    static int score(double guessesLog10) {
        double guesses = Math.pow(10, guessesLog10);
        return guesses < 1e3 + 5 ? 0 : guesses < 1e6 + 5 ? 1 : guesses < 1e8 + 5 ? 2 : guesses < 1e10 + 5 ? 3 : 4;
    }

    /** The pieces the estimate measures one by one (see {@link #CHUNK}). */
    static List<String> chunks(String normalized) {
        List<String> out = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int chunkLength = 0;
        int total = 0;
        String l33tSeen = "";
        for (int i = 0; i < normalized.length() && total < MAX_ESTIMATED; ) {
            int cp = normalized.codePointAt(i);
            boolean l33t = cp < 128 && L33T.indexOf(cp) >= 0;
            boolean newL33t = l33t && l33tSeen.indexOf(cp) < 0;
            if (chunkLength == CHUNK || (newL33t && l33tSeen.length() == MAX_L33T_CHARS)) {
                out.add(chunk.toString());
                chunk.setLength(0);
                chunkLength = 0;
                l33tSeen = "";
                continue;
            }
            if (newL33t) {
                l33tSeen += (char) cp;
            }
            chunk.appendCodePoint(cp);
            chunkLength++;
            total++;
            i += Character.charCount(cp);
        }
        if (chunkLength > 0) {
            out.add(chunk.toString());
        }
        return out;
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

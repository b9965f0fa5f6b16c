package io.portcullis.passwords;

import java.util.List;
import java.util.Objects;

/**
 * zxcvbn's estimate of a password: how many guesses an attacker who knows common passwords,
 * words, names, keyboard patterns, dates and the user's context words needs, and which patterns
 * made it that cheap.
 *
 * @param guessesLog10 log10 of the estimated guesses (0 for the empty password)
 * @param score        zxcvbn's 0–4 score (0: &lt; 10^3 guesses … 4: ≥ 10^10)
 * @param patterns     the patterns found, in password order, e.g. {@code ["a common word", "a year"]};
 *                     characters no pattern explains are {@code "other characters"}
 * @param warning      zxcvbn's warning for the weakest pattern, or empty
 * @param suggestions  zxcvbn's suggestions, possibly empty
 */
public record Strength(double guessesLog10, int score, List<String> patterns, String warning, List<String> suggestions) {

    public Strength {
        patterns = List.copyOf(patterns);
        suggestions = List.copyOf(suggestions);
        Objects.requireNonNull(warning, "warning");
    }

    static Strength none() {
        return new Strength(0, 0, List.of(), "", List.of());
    }

    /** The patterns as one phrase: "a common word followed by a year"; empty when none. */
    public String description() {
        return String.join(" followed by ", patterns);
    }
}

package io.portcullis.passwords;

import static io.portcullis.passwords.PasswordSettings.bad;

import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PasswordChecker} demands of a new password, after NFKC normalisation, following
 * NIST SP 800-63B §3.1.1.2: length bounds, no composition rules, a common-password blocklist,
 * context words, a strength estimate and an optional breached-password check. Immutable; build
 * with {@link #builder()}, read the {@code portcullis.password.*} keys with
 * {@link #fromSettings(Settings)} (see {@link PasswordSettings} for every key and default).
 * Validation happens only in {@link Builder#build()}.
 */
public final class PasswordPolicy {

    /** Minimum length when the password is the only authentication factor (NIST: 15). */
    public static final int SINGLE_FACTOR_MIN_LENGTH = 15;
    /** Minimum length when the app also asks for a second factor (NIST: 8). */
    public static final int MULTI_FACTOR_MIN_LENGTH = 8;
    /** Default maximum length; NIST asks that at least 64 be accepted. */
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** Default estimate floor: 10^8 guesses, zxcvbn's score 3. */
    public static final int DEFAULT_MIN_GUESSES_LOG10 = 8;
    /** Django's default {@code UserAttributeSimilarityValidator.max_similarity}. */
    public static final double DEFAULT_MAX_SIMILARITY = 0.7;

    private final boolean secondFactor;
    private final int minLength;
    private final int maxLength;
    private final boolean blocklist;
    private final int minGuessesLog10;
    private final boolean contextCheck;
    private final double maxSimilarity;
    private final String siteName;
    private final List<String> contextWords;
    private final BreachPolicy breach;

    private PasswordPolicy(Builder b, int minLength) {
        this.secondFactor = b.secondFactor;
        this.minLength = minLength;
        this.maxLength = b.maxLength;
        this.blocklist = b.blocklist;
        this.minGuessesLog10 = b.minGuessesLog10;
        this.contextCheck = b.contextCheck;
        this.maxSimilarity = b.maxSimilarity;
        this.siteName = b.siteName;
        this.contextWords = List.copyOf(b.contextWords);
        this.breach = b.breach;
    }

    /** Every default: 15..128 code points, blocklist, 10^8 guesses, context check, no breach check. */
    public static PasswordPolicy defaults() {
        return builder().build();
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code portcullis.password.*} checker and breach keys.
     *
     * @throws io.portcullis.core.ConfigException on an unknown key (with a did-you-mean) or a bad value
     */
    public static PasswordPolicy fromSettings(Settings settings) {
        ConfigReader r = PasswordSettings.reader(settings);
        Builder b = builder();
        b.secondFactor(r.bool(PasswordSettings.KEY_SECOND_FACTOR, false));
        if (r.isSet(PasswordSettings.KEY_MIN_LENGTH)) {
            b.minLength(r.intIn(PasswordSettings.KEY_MIN_LENGTH, SINGLE_FACTOR_MIN_LENGTH, 1, 1024));
        }
        b.maxLength(r.intIn(PasswordSettings.KEY_MAX_LENGTH, DEFAULT_MAX_LENGTH, 1, 1_000_000));
        b.blocklist(r.bool(PasswordSettings.KEY_BLOCKLIST, true));
        b.minGuessesLog10(r.intIn(PasswordSettings.KEY_MIN_GUESSES_LOG10, DEFAULT_MIN_GUESSES_LOG10, 0, 20));
        b.contextCheck(r.bool(PasswordSettings.KEY_CONTEXT_ENABLED, true));
        Optional<String> similarity = r.optional(PasswordSettings.KEY_MAX_SIMILARITY);
        if (similarity.isPresent()) {
            b.maxSimilarity(parseSimilarity(r, similarity.get()));
        }
        r.optional(PasswordSettings.KEY_SITE_NAME).ifPresent(b::siteName);
        b.contextWords(r.list(PasswordSettings.KEY_CONTEXT_WORDS, List.of()));
        BreachPolicy.Mode mode = r.token(PasswordSettings.KEY_BREACH_MODE, BreachPolicy.Mode.OFF, BreachPolicy.Mode.class);
        Duration timeout = Duration.ofMillis(r.longIn(PasswordSettings.KEY_BREACH_TIMEOUT,
                BreachPolicy.DEFAULT_TIMEOUT.toMillis(), BreachPolicy.MIN_TIMEOUT.toMillis(), BreachPolicy.MAX_TIMEOUT.toMillis()));
        boolean failClosed = r.bool(PasswordSettings.KEY_BREACH_FAIL_CLOSED, false);
        URI url = null;
        if (mode == BreachPolicy.Mode.RANGE_API) {
            String raw = r.string(PasswordSettings.KEY_BREACH_URL, BreachPolicy.DEFAULT_RANGE_API);
            try {
                url = new URI(raw);
            } catch (java.net.URISyntaxException e) {
                throw r.bad(PasswordSettings.KEY_BREACH_URL, "must be an absolute http(s) URL", raw);
            }
        }
        Path file = r.optional(PasswordSettings.KEY_BREACH_FILE).map(Path::of).orElse(null);
        b.breach(new BreachPolicy(mode, url, file, timeout, failClosed));
        return b.build();
    }

    private static double parseSimilarity(ConfigReader r, String value) {
        String rule = "must be a decimal in [0.1, 1.0]";
        if (!value.matches("(0|1)?\\.[0-9]{1,6}|[01]|1\\.0+")) {
            throw r.bad(PasswordSettings.KEY_MAX_SIMILARITY, rule, value);
        }
        double d = Double.parseDouble(value);
        if (d < 0.1 || d > 1.0) {
            throw r.bad(PasswordSettings.KEY_MAX_SIMILARITY, rule, value);
        }
        return d;
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.secondFactor = secondFactor;
        b.minLength = minLength;
        b.maxLength = maxLength;
        b.blocklist = blocklist;
        b.minGuessesLog10 = minGuessesLog10;
        b.contextCheck = contextCheck;
        b.maxSimilarity = maxSimilarity;
        b.siteName = siteName;
        b.contextWords = contextWords;
        b.breach = breach;
        return b;
    }

    /** Whether the app declared a second factor (default {@code false}). */
    public boolean secondFactor() {
        return secondFactor;
    }

    /** Minimum length in code points after NFKC; default 15, or 8 with a second factor. */
    public int minLength() {
        return minLength;
    }

    /** Maximum length in code points after NFKC; default 128, never below 64. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether the common-password blocklist applies (default {@code true}). */
    public boolean blocklist() {
        return blocklist;
    }

    /** Estimate floor as log10 of guesses; 0 turns the rule off; default 8. */
    public int minGuessesLog10() {
        return minGuessesLog10;
    }

    /** Whether context words are checked (default {@code true}). */
    public boolean contextCheck() {
        return contextCheck;
    }

    /** Django's quick-ratio threshold (default 0.7). */
    public double maxSimilarity() {
        return maxSimilarity;
    }

    /** The site's name, a context word for every user; empty by default. */
    public Optional<String> siteName() {
        return Optional.ofNullable(siteName);
    }

    /** Extra context words for every user (default none). */
    public List<String> contextWords() {
        return contextWords;
    }

    /** The breached-password check (default off). */
    public BreachPolicy breach() {
        return breach;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordPolicy p && secondFactor == p.secondFactor && minLength == p.minLength
                && maxLength == p.maxLength && blocklist == p.blocklist && minGuessesLog10 == p.minGuessesLog10
                && contextCheck == p.contextCheck && Double.compare(maxSimilarity, p.maxSimilarity) == 0
                && Objects.equals(siteName, p.siteName) && contextWords.equals(p.contextWords) && breach.equals(p.breach);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secondFactor, minLength, maxLength, blocklist, minGuessesLog10, contextCheck, maxSimilarity,
                siteName, contextWords, breach);
    }

    @Override
    public String toString() {
        return "PasswordPolicy[length=" + minLength + ".." + maxLength + ", secondFactor=" + secondFactor
                + ", blocklist=" + blocklist + ", minGuessesLog10=" + minGuessesLog10 + ", context=" + contextCheck
                + ", breach=" + breach.mode().token() + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private boolean secondFactor;
        private Integer minLength;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private boolean blocklist = true;
        private int minGuessesLog10 = DEFAULT_MIN_GUESSES_LOG10;
        private boolean contextCheck = true;
        private double maxSimilarity = DEFAULT_MAX_SIMILARITY;
        private String siteName;
        private List<String> contextWords = List.of();
        private BreachPolicy breach = BreachPolicy.off();

        private Builder() {
        }

        /** {@code true} when every log-in also needs a second factor: the floor drops from 15 to 8. */
        public Builder secondFactor(boolean value) {
            this.secondFactor = value;
            return this;
        }

        /** Minimum code points; default 15, or 8 with {@link #secondFactor(boolean)}. */
        public Builder minLength(int value) {
            this.minLength = value;
            return this;
        }

        /** Maximum code points, in [64, 1024]; default 128. */
        public Builder maxLength(int value) {
            this.maxLength = value;
            return this;
        }

        /** Common-password blocklist on or off. */
        public Builder blocklist(boolean value) {
            this.blocklist = value;
            return this;
        }

        /** Estimate floor as log10 of guesses, in [0, 20]; 0 turns the rule off. */
        public Builder minGuessesLog10(int value) {
            this.minGuessesLog10 = value;
            return this;
        }

        /** Context-word check on or off. */
        public Builder contextCheck(boolean value) {
            this.contextCheck = value;
            return this;
        }

        /** Django's quick-ratio threshold, in [0.1, 1.0]. */
        public Builder maxSimilarity(double value) {
            this.maxSimilarity = value;
            return this;
        }

        /** The site's name, a context word for every user. */
        public Builder siteName(String value) {
            this.siteName = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /** Extra context words for every user. */
        public Builder contextWords(List<String> value) {
            this.contextWords = List.copyOf(value);
            return this;
        }

        /** The breached-password check. */
        public Builder breach(BreachPolicy value) {
            this.breach = Objects.requireNonNull(value, "breach");
            return this;
        }

        /** Validates and builds. */
        public PasswordPolicy build() {
            int floor = secondFactor ? MULTI_FACTOR_MIN_LENGTH : SINGLE_FACTOR_MIN_LENGTH;
            int min = minLength == null ? floor : minLength;
            if (min < floor) {
                throw bad(PasswordSettings.KEY_MIN_LENGTH, secondFactor
                        ? "must be at least 8 (NIST SP 800-63B)"
                        : "must be at least 15 when the password is the only factor (NIST SP 800-63B); set "
                                + PasswordSettings.KEY_SECOND_FACTOR + "=true to allow 8", min);
            }
            if (min > 64) {
                throw bad(PasswordSettings.KEY_MIN_LENGTH, "must be at most 64", min);
            }
            if (maxLength < 64 || maxLength > 1024) {
                throw bad(PasswordSettings.KEY_MAX_LENGTH, "must be an integer in [64, 1024] (NIST: accept at least 64)",
                        maxLength);
            }
            if (minGuessesLog10 < 0 || minGuessesLog10 > 20) {
                throw bad(PasswordSettings.KEY_MIN_GUESSES_LOG10, "must be an integer in [0, 20]", minGuessesLog10);
            }
            if (!(maxSimilarity >= 0.1 && maxSimilarity <= 1.0)) {
                throw bad(PasswordSettings.KEY_MAX_SIMILARITY, "must be a decimal in [0.1, 1.0]", maxSimilarity);
            }
            for (String word : contextWords) {
                if (word == null || word.isBlank()) {
                    throw bad(PasswordSettings.KEY_CONTEXT_WORDS, "must not contain blank words", contextWords);
                }
            }
            return new PasswordPolicy(this, min);
        }
    }
}

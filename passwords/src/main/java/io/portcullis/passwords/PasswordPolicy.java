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
        b.secondFactor(r.get(PasswordKeys.SECOND_FACTOR));
        if (r.isSet(PasswordSettings.KEY_MIN_LENGTH)) {
            b.minLength(r.get(PasswordKeys.MIN_LENGTH));
        }
        b.maxLength(r.get(PasswordKeys.MAX_LENGTH));
        b.blocklist(r.get(PasswordKeys.BLOCKLIST));
        b.minGuessesLog10(r.get(PasswordKeys.MIN_GUESSES_LOG10));
        b.contextCheck(r.get(PasswordKeys.CONTEXT_ENABLED));
        b.maxSimilarity(r.get(PasswordKeys.MAX_SIMILARITY));
        String site = r.get(PasswordKeys.SITE_NAME);
        if (site != null) {
            b.siteName(site);
        }
        b.contextWords(r.get(PasswordKeys.CONTEXT_WORDS));
        BreachPolicy.Mode mode = r.get(PasswordKeys.BREACH_MODE);
        URI url = null;
        if (mode == BreachPolicy.Mode.RANGE_API) {
            String raw = r.get(PasswordKeys.BREACH_URL);
            try {
                url = new URI(raw);
            } catch (java.net.URISyntaxException e) {
                throw r.bad(PasswordSettings.KEY_BREACH_URL, "must be an absolute http(s) URL", raw);
            }
        }
        b.breach(new BreachPolicy(mode, url, r.get(PasswordKeys.BREACH_FILE), r.get(PasswordKeys.BREACH_TIMEOUT),
                r.get(PasswordKeys.BREACH_FAIL_CLOSED)));
        return b.build();
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
            PasswordKeys.MIN_LENGTH.check(min);
            PasswordKeys.MAX_LENGTH.check(maxLength);
            PasswordKeys.MIN_GUESSES_LOG10.check(minGuessesLog10);
            PasswordKeys.MAX_SIMILARITY.check(maxSimilarity);
            for (String word : contextWords) {
                if (word == null || word.isBlank()) {
                    throw bad(PasswordSettings.KEY_CONTEXT_WORDS, "must not contain blank words", contextWords);
                }
            }
            return new PasswordPolicy(this, min);
        }
    }
}

package io.portcullis.passwords;

import io.portcullis.passwords.PasswordVerdict.BreachCheck;
import io.portcullis.passwords.PasswordVerdict.Failure;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Judges a new password against a {@link PasswordPolicy}: one call,
 * {@link #check(CharSequence, PasswordContext)}, returns every rule broken with a stable
 * {@link Reason} and a sentence for the user, plus zxcvbn's strength estimate and the patterns
 * that weakened it. Thread-safe; build one per policy and share it.
 *
 * <p>Order of the rules: length, characters, common-password list, context words, estimate.
 * The breached-password check runs only when all of those pass, so as-you-type feedback and
 * obviously weak passwords never cost a network call and never send even a hash prefix out.
 */
public final class PasswordChecker {

    private static final System.Logger LOG = System.getLogger(PasswordChecker.class.getName());

    private final PasswordPolicy policy;
    private final Estimator estimator;
    private final BreachSource breach;

    /** A checker for {@code policy}; loads zxcvbn's dictionaries on first use in the JVM. */
    public PasswordChecker(PasswordPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.estimator = Estimator.get();
        this.breach = BreachSource.of(policy.breach());
    }

    /** The policy this checker applies. */
    public PasswordPolicy policy() {
        return policy;
    }

    /**
     * Judges {@code password} (normalised to NFKC first) for the person described by
     * {@code context}. Never throws for any input; a breach source that cannot answer fails open
     * with a logged warning unless the policy fails closed.
     */
    public PasswordVerdict check(CharSequence password, PasswordContext context) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(context, "context");
        List<Failure> failures = new ArrayList<>();
        // NFKC can expand one char into at most 18, never shrink a run of more than a few: a raw
        // input this long is too long after normalisation too, and is not worth normalising.
        if (password.length() > 4L * policy.maxLength() + 16) {
            failures.add(tooLong());
            return new PasswordVerdict(failures, Strength.none(), skippedOrOff());
        }
        String normalized = PasswordText.normalize(password);
        int length = PasswordText.length(normalized);
        if (length < policy.minLength()) {
            failures.add(new Failure(Reason.TOO_SHORT, length == 0
                    ? "Enter a password of at least " + policy.minLength() + " characters."
                    : "Use at least " + policy.minLength() + " characters (this has " + length + ")."));
        }
        if (length > policy.maxLength()) {
            failures.add(tooLong());
            return new PasswordVerdict(failures, Strength.none(), skippedOrOff());
        }
        if (!PasswordText.typeable(normalized)) {
            failures.add(new Failure(Reason.INVALID_CHARACTER,
                    "Remove control characters (tabs, line breaks), invisible characters (zero-width spaces, direction marks)"
                            + " and other characters that cannot be typed."));
        }
        String lower = normalized.toLowerCase(Locale.ROOT);
        if (policy.blocklist() && length > 0 && estimator.common(lower)) {
            failures.add(new Failure(Reason.COMMON_PASSWORD, "This is one of the most common passwords."));
        }
        List<ContextWords.Value> values = policy.contextCheck() ? ContextWords.collect(policy, context) : List.of();
        if (length > 0 && !values.isEmpty()) {
            ContextWords.Value v = ContextWords.leanedOn(lower, values, policy.maxSimilarity(), policy.minLength());
            if (v != null) {
                failures.add(new Failure(Reason.SIMILAR_TO_CONTEXT, "Too similar to " + v.label() + "."));
            }
        }
        Strength strength = estimator.estimate(normalized, ContextWords.words(values));
        if (policy.minGuessesLog10() > 0 && length > 0 && strength.guessesLog10() < policy.minGuessesLog10()) {
            String how = strength.description().isEmpty() ? "" : ": " + strength.description();
            failures.add(new Failure(Reason.TOO_GUESSABLE,
                    "Too easy to guess (about 10^" + (int) Math.floor(strength.guessesLog10()) + " guesses)" + how + "."));
        }
        BreachCheck breachCheck = skippedOrOff();
        if (breach != null && failures.isEmpty()) {
            breachCheck = lookUp(normalized);
            if (breachCheck == BreachCheck.FOUND) {
                failures.add(new Failure(Reason.BREACHED,
                        "This password appears in known data breaches; choose one you have never used anywhere."));
            } else if (breachCheck == BreachCheck.UNAVAILABLE && policy.breach().failClosed()) {
                failures.add(new Failure(Reason.BREACH_CHECK_UNAVAILABLE,
                        "The password could not be checked against known breaches right now; try again shortly."));
            }
        }
        return new PasswordVerdict(failures, strength, breachCheck);
    }

    private Failure tooLong() {
        return new Failure(Reason.TOO_LONG, "Use at most " + policy.maxLength() + " characters.");
    }

    private BreachCheck skippedOrOff() {
        return breach == null ? BreachCheck.OFF : BreachCheck.SKIPPED;
    }

    private BreachCheck lookUp(String normalized) {
        byte[] utf8 = PasswordText.utf8(normalized);
        try {
            String sha1 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(utf8));
            return breach.listed(sha1) ? BreachCheck.FOUND : BreachCheck.NOT_FOUND;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "breached-password check unavailable (" + e.getMessage() + "); "
                    + (policy.breach().failClosed()
                            ? "password refused (fail-closed)"
                            : "password accepted without it (fail-open; set " + PasswordSettings.KEY_BREACH_FAIL_CLOSED
                                    + "=true to refuse instead)"));
            return BreachCheck.UNAVAILABLE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }
}

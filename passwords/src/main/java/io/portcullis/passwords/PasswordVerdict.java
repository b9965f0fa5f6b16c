package io.portcullis.passwords;

import java.util.List;
import java.util.Objects;

/**
 * The checker's answer: accepted when {@link #failures()} is empty. Failures come in a stable
 * order (length, characters, common, context, guessability, breach), one per reason.
 *
 * @param failures    every rule the password broke, with a human message each
 * @param strength    the estimate, computed for every password that is not too long
 * @param breachCheck what the breached-password check did
 */
public record PasswordVerdict(List<Failure> failures, Strength strength, BreachCheck breachCheck) {

    public PasswordVerdict {
        failures = List.copyOf(failures);
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(breachCheck, "breachCheck");
    }

    /** Whether the password may be used. */
    public boolean accepted() {
        return failures.isEmpty();
    }

    /** The reason codes, in order. */
    public List<Reason> reasons() {
        return failures.stream().map(Failure::reason).toList();
    }

    /** One rule broken: its stable code and a sentence for the user. */
    public record Failure(Reason reason, String message) {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What the breached-password check did for this password. */
    public enum BreachCheck {
        /** No source configured. */
        OFF,
        /** Not asked, because a local rule already refused the password. */
        SKIPPED,
        /** The source answered: not listed. */
        NOT_FOUND,
        /** The source answered: listed. */
        FOUND,
        /** The source did not answer in time or answered badly; see the policy's fail mode. */
        UNAVAILABLE
    }
}

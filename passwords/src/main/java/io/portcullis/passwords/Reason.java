package io.portcullis.passwords;

import io.portcullis.core.WireToken;

/**
 * Why a password was refused. The constant names are stable machine-readable codes: they appear
 * in {@link PasswordVerdict#reasons()}, in the demo's JSON feedback and in {@code checkup password}
 * output. New codes may be added; existing ones never change meaning.
 */
public enum Reason implements WireToken {
    /** Fewer code points (after NFKC) than the policy's minimum; the empty password too. */
    TOO_SHORT,
    /** More code points than the policy's maximum (at least 64 are always accepted). */
    TOO_LONG,
    /** A control character, an unpaired surrogate or a noncharacter, which no keyboard types reliably. */
    INVALID_CHARACTER,
    /** The password, case folded, is on the common-password list (zxcvbn's 30,000 most common). */
    COMMON_PASSWORD,
    /** Too close to the user name, e-mail, site name or another context word. */
    SIMILAR_TO_CONTEXT,
    /** The strength estimate is below the policy's minimum number of guesses. */
    TOO_GUESSABLE,
    /** The breached-password source lists it (Pwned Passwords range API or a local file). */
    BREACHED,
    /** The breached-password source could not answer and the policy fails closed. */
    BREACH_CHECK_UNAVAILABLE;

    @Override
    public String token() {
        return name();
    }
}

package io.portcullis.passwords;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code portcullis.password.*} key, declared once (name, type, default, rule, doc):
 * {@link PasswordPolicy#fromSettings} and {@link HashPolicy#fromSettings} read them, the builders
 * validate with them (same values, same messages), and docs/passwords.md's key table is generated
 * from {@link #KEYS}. Rules that tie keys together (the minimum length with a second factor,
 * Argon2 memory times iterations, the breach mode's URL or file) are checked in the builders.
 */
public final class PasswordKeys implements KeyProvider {

    static final String P = "portcullis.password.";

    public static final Key<Boolean> SECOND_FACTOR = Key.bool(P + "second-factor", false,
            "true when the app asks for a second factor: the minimum length may then be 8.");
    public static final Key<Integer> MIN_LENGTH = Key.integer(P + "min-length", PasswordPolicy.SINGLE_FACTOR_MIN_LENGTH,
            1, 64, "Code points after NFKC: at least 15 without a second factor, at least 8 with one, at most 64.")
            .rule("must be an integer in [8, 64]").defaultText("15");
    public static final Key<Integer> MAX_LENGTH = Key.integer(P + "max-length", PasswordPolicy.DEFAULT_MAX_LENGTH, 64,
            1024, "Longest password accepted; NIST asks that at least 64 be accepted.")
            .hint("NIST: accept at least 64");
    public static final Key<Boolean> BLOCKLIST = Key.bool(P + "blocklist", true,
            "Refuse the 30,000 most common passwords (case folded).");
    public static final Key<Integer> MIN_GUESSES_LOG10 = Key.integer(P + "min-guesses-log10",
            PasswordPolicy.DEFAULT_MIN_GUESSES_LOG10, 0, 20,
            "Refuse estimates below 10^n guesses (zxcvbn score 3); 0 turns it off.");
    public static final Key<Boolean> CONTEXT_ENABLED = Key.bool(P + "context.enabled", true,
            "Compare with the user name, e-mail, site name and extra words.");
    public static final Key<Double> MAX_SIMILARITY = Key.decimal(P + "context.max-similarity",
            PasswordPolicy.DEFAULT_MAX_SIMILARITY, 0.1, 1.0, "Django's quick-ratio threshold.");
    public static final Key<String> SITE_NAME = Key.optionalString(P + "context.site-name",
            "The service's name, a context word.");
    public static final Key<List<String>> CONTEXT_WORDS = Key.list(P + "context.words", List.of(),
            "Extra context words.");
    public static final Key<BreachPolicy.Mode> BREACH_MODE = Key.token(P + "breach.mode", BreachPolicy.Mode.OFF,
            BreachPolicy.Mode.class,
            "Where breached passwords are looked up: nowhere, a Pwned Passwords range API, a file.");
    public static final Key<String> BREACH_URL = Key.string(P + "breach.url", BreachPolicy.DEFAULT_RANGE_API,
            "Base URL of a Pwned Passwords-compatible range API (/range/XXXXX is appended).");
    public static final Key<Path> BREACH_FILE = Key.<Path>of(P + "breach.file", Key.Type.STRING, Path.class, null, "",
            "must be a file path", text -> {
                try {
                    return text.isEmpty() ? null : Path.of(text);
                } catch (InvalidPathException e) {
                    throw Key.reject(null, text);
                }
            }, p -> p == null ? "" : p.toString(), "Sorted file of SHA-1 hashes or prefixes, one a line (mode file).");
    public static final Key<Duration> BREACH_TIMEOUT = Key.millis(P + "breach.timeout-ms", BreachPolicy.DEFAULT_TIMEOUT,
            Duration.ofMillis(100), Duration.ofSeconds(10),
            "Whole-request deadline of a breach lookup, in milliseconds.");
    public static final Key<Boolean> BREACH_FAIL_CLOSED = Key.bool(P + "breach.fail-closed", false,
            "true: refuse passwords while the breach source cannot answer.");
    public static final Key<HashAlgorithm> HASH_ALGORITHM = Key.token(P + "hash.algorithm", HashAlgorithm.ARGON2ID,
            HashAlgorithm.class, "Algorithm of new hashes.");
    public static final Key<Integer> ARGON2_MEMORY = Key.integer(P + "hash.argon2.memory-kib",
            HashPolicy.DEFAULT_ARGON2_MEMORY_KIB, HashPolicy.MIN_ARGON2_MEMORY_KIB, HashPolicy.MAX_ARGON2_MEMORY_KIB,
            "Argon2id m in KiB; m times t must reach OWASP's minimum (35840).").hint("OWASP minimum 7168 KiB with t=5");
    public static final Key<Integer> ARGON2_ITERATIONS = Key.integer(P + "hash.argon2.iterations",
            HashPolicy.DEFAULT_ARGON2_ITERATIONS, 1, 100, "Argon2id t.");
    public static final Key<Integer> ARGON2_PARALLELISM = Key.integer(P + "hash.argon2.parallelism",
            HashPolicy.DEFAULT_ARGON2_PARALLELISM, 1, 16, "Argon2id p.");
    public static final Key<Integer> PBKDF2_ITERATIONS = Key.integer(P + "hash.pbkdf2.iterations",
            HashPolicy.DEFAULT_PBKDF2_ITERATIONS, HashPolicy.DEFAULT_PBKDF2_ITERATIONS, 100_000_000,
            "PBKDF2-HMAC-SHA256 iterations.").hint("OWASP minimum for PBKDF2-HMAC-SHA256");
    public static final Key<Integer> MAX_CONCURRENT = Key.integer(P + "hash.max-concurrent",
            HashPolicy.defaultConcurrency(), 1, 4096,
            "Hash computations at once; more wait.").defaultText("number of CPUs");
    public static final Key<Duration> QUEUE_TIMEOUT = Key.millis(P + "hash.queue-timeout-ms",
            HashPolicy.DEFAULT_QUEUE_TIMEOUT, Duration.ZERO, Duration.ofMinutes(10),
            "Longest wait for a hashing slot before HasherBusyException, in milliseconds.");

    /** Every key of the module, in documentation order. */
    public static final KeySet KEYS = KeySet.of("passwords", SECOND_FACTOR, MIN_LENGTH, MAX_LENGTH, BLOCKLIST,
            MIN_GUESSES_LOG10, CONTEXT_ENABLED, MAX_SIMILARITY, SITE_NAME, CONTEXT_WORDS, BREACH_MODE, BREACH_URL,
            BREACH_FILE, BREACH_TIMEOUT, BREACH_FAIL_CLOSED, HASH_ALGORITHM, ARGON2_MEMORY, ARGON2_ITERATIONS,
            ARGON2_PARALLELISM, PBKDF2_ITERATIONS, MAX_CONCURRENT, QUEUE_TIMEOUT);

    @Override
    public KeySet keys() {
        return KEYS;
    }
}

package io.portcullis.passwords;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import java.util.Set;

/**
 * The {@code portcullis.password.*} keys, declared once. {@link PasswordPolicy#fromSettings} and
 * {@link HashPolicy#fromSettings} read them through core's {@link ConfigReader}, which fails on an
 * unknown key of the {@code password} area with a did-you-mean.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code portcullis.password.second-factor}</td><td>{@code false}</td><td>{@code true} when the app asks for a second factor: the minimum length may then be 8</td></tr>
 * <tr><td>{@code portcullis.password.min-length}</td><td>15 (8 with a second factor)</td><td>code points after NFKC; at least 15 without a second factor, at least 8 with one, at most 64</td></tr>
 * <tr><td>{@code portcullis.password.max-length}</td><td>128</td><td>in [64, 1024]; NIST asks that at least 64 be accepted</td></tr>
 * <tr><td>{@code portcullis.password.blocklist}</td><td>{@code true}</td><td>refuse the 30,000 most common passwords (case folded)</td></tr>
 * <tr><td>{@code portcullis.password.min-guesses-log10}</td><td>8</td><td>refuse estimates below 10^n guesses (zxcvbn score 3); 0 turns the rule off</td></tr>
 * <tr><td>{@code portcullis.password.context.enabled}</td><td>{@code true}</td><td>compare with user name, e-mail, site name and extra words</td></tr>
 * <tr><td>{@code portcullis.password.context.max-similarity}</td><td>0.7</td><td>Django's quick-ratio threshold, in [0.1, 1.0]</td></tr>
 * <tr><td>{@code portcullis.password.context.site-name}</td><td>(none)</td><td>the service's name, a context word</td></tr>
 * <tr><td>{@code portcullis.password.context.words}</td><td>(none)</td><td>comma-separated extra context words</td></tr>
 * <tr><td>{@code portcullis.password.breach.mode}</td><td>{@code off}</td><td>{@code off}, {@code range-api} or {@code file}</td></tr>
 * <tr><td>{@code portcullis.password.breach.url}</td><td>{@value BreachPolicy#DEFAULT_RANGE_API}</td><td>base URL of a Pwned Passwords–compatible range API ({@code /range/XXXXX} is appended)</td></tr>
 * <tr><td>{@code portcullis.password.breach.file}</td><td>(none)</td><td>sorted file of SHA-1 hashes or prefixes, one a line (mode {@code file})</td></tr>
 * <tr><td>{@code portcullis.password.breach.timeout-ms}</td><td>1500</td><td>whole-request deadline, in [100, 10000]</td></tr>
 * <tr><td>{@code portcullis.password.breach.fail-closed}</td><td>{@code false}</td><td>{@code true}: refuse passwords while the source cannot answer</td></tr>
 * <tr><td>{@code portcullis.password.hash.algorithm}</td><td>{@code argon2id}</td><td>{@code argon2id} or {@code pbkdf2-sha256}, for new hashes</td></tr>
 * <tr><td>{@code portcullis.password.hash.argon2.memory-kib}</td><td>19456</td><td>Argon2id m; m·t must reach OWASP's minimum (35840 with m ≥ 7168)</td></tr>
 * <tr><td>{@code portcullis.password.hash.argon2.iterations}</td><td>2</td><td>Argon2id t, in [1, 100]</td></tr>
 * <tr><td>{@code portcullis.password.hash.argon2.parallelism}</td><td>1</td><td>Argon2id p, in [1, 16]</td></tr>
 * <tr><td>{@code portcullis.password.hash.pbkdf2.iterations}</td><td>600000</td><td>PBKDF2-HMAC-SHA256 iterations, at least 600000 (OWASP)</td></tr>
 * <tr><td>{@code portcullis.password.hash.max-concurrent}</td><td>number of CPUs</td><td>hash computations at once; more wait</td></tr>
 * <tr><td>{@code portcullis.password.hash.queue-timeout-ms}</td><td>5000</td><td>longest wait for a slot before {@link HasherBusyException}</td></tr>
 * </table>
 */
public final class PasswordSettings {

    static final String PREFIX = "portcullis.password.";
    public static final String KEY_SECOND_FACTOR = PREFIX + "second-factor";
    public static final String KEY_MIN_LENGTH = PREFIX + "min-length";
    public static final String KEY_MAX_LENGTH = PREFIX + "max-length";
    public static final String KEY_BLOCKLIST = PREFIX + "blocklist";
    public static final String KEY_MIN_GUESSES_LOG10 = PREFIX + "min-guesses-log10";
    public static final String KEY_CONTEXT_ENABLED = PREFIX + "context.enabled";
    public static final String KEY_MAX_SIMILARITY = PREFIX + "context.max-similarity";
    public static final String KEY_SITE_NAME = PREFIX + "context.site-name";
    public static final String KEY_CONTEXT_WORDS = PREFIX + "context.words";
    public static final String KEY_BREACH_MODE = PREFIX + "breach.mode";
    public static final String KEY_BREACH_URL = PREFIX + "breach.url";
    public static final String KEY_BREACH_FILE = PREFIX + "breach.file";
    public static final String KEY_BREACH_TIMEOUT = PREFIX + "breach.timeout-ms";
    public static final String KEY_BREACH_FAIL_CLOSED = PREFIX + "breach.fail-closed";
    public static final String KEY_HASH_ALGORITHM = PREFIX + "hash.algorithm";
    public static final String KEY_ARGON2_MEMORY = PREFIX + "hash.argon2.memory-kib";
    public static final String KEY_ARGON2_ITERATIONS = PREFIX + "hash.argon2.iterations";
    public static final String KEY_ARGON2_PARALLELISM = PREFIX + "hash.argon2.parallelism";
    public static final String KEY_PBKDF2_ITERATIONS = PREFIX + "hash.pbkdf2.iterations";
    public static final String KEY_MAX_CONCURRENT = PREFIX + "hash.max-concurrent";
    public static final String KEY_QUEUE_TIMEOUT = PREFIX + "hash.queue-timeout-ms";

    /** Every key of the {@code password} area. */
    public static final Set<String> KEYS = Set.of(KEY_SECOND_FACTOR, KEY_MIN_LENGTH, KEY_MAX_LENGTH, KEY_BLOCKLIST,
            KEY_MIN_GUESSES_LOG10, KEY_CONTEXT_ENABLED, KEY_MAX_SIMILARITY, KEY_SITE_NAME, KEY_CONTEXT_WORDS,
            KEY_BREACH_MODE, KEY_BREACH_URL, KEY_BREACH_FILE, KEY_BREACH_TIMEOUT, KEY_BREACH_FAIL_CLOSED,
            KEY_HASH_ALGORITHM, KEY_ARGON2_MEMORY, KEY_ARGON2_ITERATIONS, KEY_ARGON2_PARALLELISM, KEY_PBKDF2_ITERATIONS,
            KEY_MAX_CONCURRENT, KEY_QUEUE_TIMEOUT);

    private PasswordSettings() {
    }

    /** A reader that has already refused unknown {@code portcullis.password.*} keys. */
    static ConfigReader reader(Settings settings) {
        return ConfigReader.of(settings, KEYS, Set.of("password"));
    }

    /** The one message shape for a bad value, used by builders and the properties reader alike. */
    static ConfigException bad(String key, String rule, Object value) {
        return new ConfigException(key + " " + rule + "; got " + ConfigException.quote(String.valueOf(value)));
    }
}

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

    public static final String KEY_SECOND_FACTOR = PasswordKeys.SECOND_FACTOR.name();
    public static final String KEY_MIN_LENGTH = PasswordKeys.MIN_LENGTH.name();
    public static final String KEY_MAX_LENGTH = PasswordKeys.MAX_LENGTH.name();
    public static final String KEY_BLOCKLIST = PasswordKeys.BLOCKLIST.name();
    public static final String KEY_MIN_GUESSES_LOG10 = PasswordKeys.MIN_GUESSES_LOG10.name();
    public static final String KEY_CONTEXT_ENABLED = PasswordKeys.CONTEXT_ENABLED.name();
    public static final String KEY_MAX_SIMILARITY = PasswordKeys.MAX_SIMILARITY.name();
    public static final String KEY_SITE_NAME = PasswordKeys.SITE_NAME.name();
    public static final String KEY_CONTEXT_WORDS = PasswordKeys.CONTEXT_WORDS.name();
    public static final String KEY_BREACH_MODE = PasswordKeys.BREACH_MODE.name();
    public static final String KEY_BREACH_URL = PasswordKeys.BREACH_URL.name();
    public static final String KEY_BREACH_FILE = PasswordKeys.BREACH_FILE.name();
    public static final String KEY_BREACH_TIMEOUT = PasswordKeys.BREACH_TIMEOUT.name();
    public static final String KEY_BREACH_FAIL_CLOSED = PasswordKeys.BREACH_FAIL_CLOSED.name();
    public static final String KEY_HASH_ALGORITHM = PasswordKeys.HASH_ALGORITHM.name();
    public static final String KEY_ARGON2_MEMORY = PasswordKeys.ARGON2_MEMORY.name();
    public static final String KEY_ARGON2_ITERATIONS = PasswordKeys.ARGON2_ITERATIONS.name();
    public static final String KEY_ARGON2_PARALLELISM = PasswordKeys.ARGON2_PARALLELISM.name();
    public static final String KEY_PBKDF2_ITERATIONS = PasswordKeys.PBKDF2_ITERATIONS.name();
    public static final String KEY_MAX_CONCURRENT = PasswordKeys.MAX_CONCURRENT.name();
    public static final String KEY_QUEUE_TIMEOUT = PasswordKeys.QUEUE_TIMEOUT.name();

    /** Every key of the {@code password} area. */
    public static final Set<String> KEYS = Set.copyOf(PasswordKeys.KEYS.names());

    private PasswordSettings() {
    }

    /** A reader that has already refused unknown {@code portcullis.password.*} keys. */
    static ConfigReader reader(Settings settings) {
        return ConfigReader.of(settings, PasswordKeys.KEYS);
    }

    /** The one message shape for a bad value, used by builders and the properties reader alike. */
    static ConfigException bad(String key, String rule, Object value) {
        return ConfigException.badValue(key, rule, String.valueOf(value), "code", false);
    }
}

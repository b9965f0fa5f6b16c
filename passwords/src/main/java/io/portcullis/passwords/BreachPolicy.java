package io.portcullis.passwords;

import io.portcullis.core.WireToken;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where breached passwords are looked up, how long to wait, and what to do when the source
 * cannot answer. Off by default. Only the first five hex digits of the password's SHA-1 leave
 * the server (k-anonymity), and the request asks for a padded answer ({@code Add-Padding: true})
 * so its size does not betray the prefix.
 *
 * @param mode       {@link Mode#OFF} (default), {@link Mode#RANGE_API} or {@link Mode#FILE}
 * @param url        base URL of the range API (mode RANGE_API); {@code range/XXXXX} is appended
 * @param file       sorted file of SHA-1 hashes or prefixes (mode FILE)
 * @param timeout    whole-request deadline for the range API, in [100 ms, 10 s]; default 1.5 s
 * @param failClosed {@code true}: refuse passwords while the source cannot answer; default
 *                   {@code false} (accept, and log a warning)
 */
public record BreachPolicy(Mode mode, URI url, Path file, Duration timeout, boolean failClosed) {

    /** The public Pwned Passwords range API. */
    public static final String DEFAULT_RANGE_API = "https://api.pwnedpasswords.com/";
    /** Default whole-request deadline. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    public BreachPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        PasswordKeys.BREACH_TIMEOUT.check(timeout);
        if (mode == Mode.RANGE_API) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getRawQuery() != null
                    || url.getRawFragment() != null) {
                throw PasswordSettings.bad(PasswordSettings.KEY_BREACH_URL,
                        "must be an absolute http(s) URL without query or fragment", url);
            }
            if (!url.getRawPath().endsWith("/")) {
                url = URI.create(url + "/");
            }
        }
        if (mode == Mode.FILE) {
            if (file == null) {
                throw new io.portcullis.core.ConfigException(PasswordSettings.KEY_BREACH_FILE
                        + " is required when " + PasswordSettings.KEY_BREACH_MODE + " is file");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw PasswordSettings.bad(PasswordSettings.KEY_BREACH_FILE, "must name a readable file", file);
            }
        }
    }

    /** No breached-password check (the default). */
    public static BreachPolicy off() {
        return new BreachPolicy(Mode.OFF, null, null, DEFAULT_TIMEOUT, false);
    }

    /** A Pwned Passwords–compatible range API at {@code url}, fail-open, 1.5 s deadline. */
    public static BreachPolicy rangeApi(URI url) {
        return new BreachPolicy(Mode.RANGE_API, url, null, DEFAULT_TIMEOUT, false);
    }

    /** A local sorted file of SHA-1 hashes or prefixes (see {@link PrefixFile}). */
    public static BreachPolicy file(Path file) {
        return new BreachPolicy(Mode.FILE, null, file, DEFAULT_TIMEOUT, false);
    }

    /** This policy with another deadline. */
    public BreachPolicy withTimeout(Duration newTimeout) {
        return new BreachPolicy(mode, url, file, newTimeout, failClosed);
    }

    /** This policy failing closed ({@code true}) or open. */
    public BreachPolicy withFailClosed(boolean closed) {
        return new BreachPolicy(mode, url, file, timeout, closed);
    }

    /** Where breached passwords are looked up. */
    public enum Mode implements WireToken {
        OFF("off"), RANGE_API("range-api"), FILE("file");

        private final String token;

        Mode(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }
}

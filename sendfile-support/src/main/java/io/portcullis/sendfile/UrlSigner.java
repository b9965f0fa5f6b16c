package io.portcullis.sendfile;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring links: HMAC-SHA256 over the path, the expiry, an optional not-before
 * (embargo) and optionally the user, keyed by one of several keys chosen by key id, so keys
 * rotate without breaking links already issued (sign with the current key, verify with any
 * configured key). Verification is constant-time. Keys are secrets: no method, message or
 * {@code toString} ever shows them.
 *
 * <pre>{@code
 * String url = signer.link("/share/2f1c9e.pdf").expiresIn(Duration.ofHours(1))
 *                    .notBefore(releaseTime).user("alice").sign();
 * // "/share/2f1c9e.pdf?exp=1764345600&nbf=1764340000&bound=user&kid=k2&sig=…"
 * }</pre>
 *
 * <p>Keys ({@code portcullis.signed-url.*}): {@code key.<id>} = base64 of at least 32 random
 * bytes (one key per id, ids of letters, digits, {@code -} and {@code _}); {@code current-key}
 * = the id new links are signed with (required when more than one key is set);
 * {@code max-lifetime} = longest validity in seconds, default 604800 (7 days, as S3).
 */
public final class UrlSigner {

    public static final String PARAM_EXPIRES = "exp";
    public static final String PARAM_NOT_BEFORE = "nbf";
    public static final String PARAM_BOUND = "bound";
    public static final String PARAM_KEY_ID = "kid";
    public static final String PARAM_SIGNATURE = "sig";

    public static final String KEY_PREFIX = SendfileKeys.SIGNED_URL_KEY.name();
    public static final String KEY_CURRENT = SendfileKeys.SIGNED_URL_CURRENT_KEY.name();
    public static final String KEY_MAX_LIFETIME = SendfileKeys.SIGNED_URL_MAX_LIFETIME.name();

    private static final Set<String> PARAMS = Set.of(PARAM_EXPIRES, PARAM_NOT_BEFORE, PARAM_BOUND, PARAM_KEY_ID, PARAM_SIGNATURE);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}");
    /** An HMAC-SHA256 in unpadded base64url: 43 characters. */
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MIN_KEY_BYTES = 32;

    private final Map<String, SecretKeySpec> keys;
    private final String currentKey;
    private final Duration maxLifetime;
    private final Clock clock;

    private UrlSigner(Builder b) {
        Map<String, SecretKeySpec> copy = new LinkedHashMap<>();
        b.keys.forEach((id, secret) -> copy.put(id, new SecretKeySpec(secret, "HmacSHA256")));
        this.keys = Collections.unmodifiableMap(copy);
        this.currentKey = b.currentKey;
        this.maxLifetime = b.maxLifetime;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * From {@code portcullis.signed-url.*} keys (see the class comment).
     *
     * @throws ConfigException on an unknown key, a bad key id, a short or non-base64 key (its value is never shown)
     */
    public static UrlSigner fromSettings(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, SendfileKeys.KEYS);
        Builder b = builder();
        r.members(SendfileKeys.SIGNED_URL_KEY).forEach((k, secret) -> {
            String id = k.substring(KEY_PREFIX.length());
            byte[] bytes;
            try {
                bytes = decodeBase64(secret.trim());
            } catch (IllegalArgumentException e) {
                throw ConfigException.badValue(k, "must be base64", "", r.settings().origin(k), true);
            }
            if (!KEY_ID.matcher(id).matches()) {
                throw ConfigException.badValue(k + ":", "key id must be 1-32 letters, digits, - or _", id, "code", false);
            }
            b.key(id, bytes);
        });
        String current = r.get(SendfileKeys.SIGNED_URL_CURRENT_KEY);
        if (current != null) {
            b.currentKey(current);
        }
        b.maxLifetime(r.get(SendfileKeys.SIGNED_URL_MAX_LIFETIME));
        return b.build();
    }

    private static byte[] decodeBase64(String s) {
        return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
    }

    /** Starts a link to {@code path}: the exact request-URI path the client will send (percent-encoded, with the context path). */
    public Link link(String path) {
        return new Link(this, path);
    }

    /** The id new links are signed with. */
    public String currentKeyId() {
        return currentKey;
    }

    /** Longest validity a link may be given; default 7 days. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /**
     * Checks a request: {@code path} is the raw request URI path, {@code rawQuery} its raw
     * query string (may be null), {@code user} the authenticated user or null.
     */
    public LinkCheck verify(String path, String rawQuery, String user) {
        Map<String, String> p = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (!PARAMS.contains(name)) {
                    return LinkCheck.UNSIGNED_PARAMETER;
                }
                if (p.put(name, value) != null) {
                    return LinkCheck.MALFORMED;
                }
            }
        }
        if (p.isEmpty()) {
            return LinkCheck.MISSING;
        }
        if (pathProblem(path) != null) {
            return LinkCheck.MALFORMED; // a path the container would read as another one: no link has it
        }
        String exp = p.get(PARAM_EXPIRES);
        String nbf = p.get(PARAM_NOT_BEFORE);
        String bound = p.get(PARAM_BOUND);
        String kid = p.get(PARAM_KEY_ID);
        String sig = p.get(PARAM_SIGNATURE);
        if (exp == null || kid == null || sig == null || !EPOCH.matcher(exp).matches() || !SIGNATURE.matcher(sig).matches()
                || (nbf != null && !EPOCH.matcher(nbf).matches()) || (bound != null && !bound.equals("user"))) {
            return LinkCheck.MALFORMED;
        }
        if (!rawQuery.equals(query(exp, nbf, bound != null, kid, sig))) {
            return LinkCheck.MALFORMED; // parameters in another order: a link has one spelling
        }
        SecretKeySpec key = keys.get(kid);
        if (key == null) {
            return LinkCheck.UNKNOWN_KEY;
        }
        String boundUser = bound == null ? null : (user == null ? "" : user);
        byte[] expected = encode(mac(key, message(kid, path, exp, nbf, boundUser)));
        // Compared as text, in constant time: only the canonical unpadded base64url spelling (spare
        // bits zero) matches, where decoding first would accept eight spellings of one signature.
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.ISO_8859_1))) {
            return LinkCheck.BAD_SIGNATURE;
        }
        long now = clock.instant().getEpochSecond();
        if (now >= Long.parseLong(exp)) {
            return LinkCheck.EXPIRED;
        }
        if (nbf != null && now < Long.parseLong(nbf)) {
            return LinkCheck.NOT_YET_VALID;
        }
        return LinkCheck.VALID;
    }

    /**
     * Why {@code path} does not mean itself, or null. The signature covers the raw path, but the
     * container routes the path it derives from it (Servlet 6.0 §3.5.2): {@code /share/x/../a.pdf}
     * is served as {@code /share/a.pdf} and {@code /share/a;p/b} as {@code /share/a/b}. So a signed
     * path has no dot segment (plain or {@code %2e}-encoded), no path parameter ({@code ;}), no empty
     * segment, no backslash and no encoded {@code /} or {@code \}, and only well-formed
     * {@code %XX} escapes other than {@code %00}; a trailing {@code /} is allowed.
     */
    static String pathProblem(String path) {
        if (path.indexOf(';') >= 0) {
            return "has a path parameter (;)";
        }
        if (path.indexOf('\\') >= 0) {
            return "has a backslash";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return "has a malformed %-escape";
                }
                int b = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
                if (b == '/' || b == '\\' || b == 0) {
                    return "has an encoded /, \\ or NUL";
                }
            }
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i].replaceAll("(?i)%2e", ".");
            if (seg.isEmpty() && i < segments.length - 1) {
                return "has an empty segment (//)";
            }
            if (seg.equals(".") || seg.equals("..")) {
                return "has a dot segment";
            }
        }
        return null;
    }

    /** The query of a signed link, in its one canonical order. */
    private static String query(String exp, String nbf, boolean bound, String kid, String sig) {
        StringBuilder q = new StringBuilder(PARAM_EXPIRES).append('=').append(exp);
        if (nbf != null) {
            q.append('&').append(PARAM_NOT_BEFORE).append('=').append(nbf);
        }
        if (bound) {
            q.append('&').append(PARAM_BOUND).append("=user");
        }
        return q.append('&').append(PARAM_KEY_ID).append('=').append(kid).append('&').append(PARAM_SIGNATURE)
                .append('=').append(sig).toString();
    }

    /** Canonical base64url without padding (RFC 4648 §5), as ASCII bytes. */
    private static byte[] encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encode(mac);
    }

    /** Length-prefixed fields, so no two different inputs share a message. */
    private static byte[] message(String kid, String path, String exp, String nbf, String user) {
        StringBuilder m = new StringBuilder("portcullis-link-v1");
        for (String field : new String[] {kid, path, exp, nbf == null ? "-" : nbf, user == null ? "-" : "u" + user}) {
            m.append('\n').append(field.length()).append(':').append(field);
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "UrlSigner[keys=" + keys.keySet() + ", current=" + currentKey + ", maxLifetime=" + maxLifetime + "]";
    }

    /** One link being signed; not thread-safe, use once. */
    public static final class Link {
        private final UrlSigner signer;
        private final String path;
        private Instant expires;
        private Instant notBefore;
        private String user;

        private Link(UrlSigner signer, String path) {
            this.signer = signer;
            this.path = path;
        }

        /** Valid until {@code expires} (exclusive, whole seconds). */
        public Link expiresAt(Instant value) {
            this.expires = value;
            return this;
        }

        /** Valid for {@code duration} from now. */
        public Link expiresIn(Duration duration) {
            this.expires = signer.clock.instant().plus(duration);
            return this;
        }

        /** Embargo: not valid before {@code value} (whole seconds); null for none. */
        public Link notBefore(Instant value) {
            this.notBefore = value;
            return this;
        }

        /** Only {@code value} (the request's remote user) may use the link; null for anyone holding it. */
        public Link user(String value) {
            this.user = value;
            return this;
        }

        /**
         * The path with its signature query.
         *
         * @throws IllegalArgumentException when the path is not an absolute path without query or fragment,
         *         the expiry is missing, past, beyond the maximum lifetime, or not after the not-before time
         */
        public String sign() {
            if (path == null || !path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0
                    || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("path must be an absolute, percent-encoded URL path without query or fragment");
            }
            String problem = pathProblem(path);
            if (problem != null) {
                throw new IllegalArgumentException("path " + path + " " + problem
                        + ": the container would serve another path than the one signed; percent-encode each name once");
            }
            if (user != null && user.isEmpty()) {
                throw new IllegalArgumentException("user must not be empty (use null for an unbound link)");
            }
            Objects.requireNonNull(expires, "expiry is required");
            Instant now = signer.clock.instant();
            long exp = expires.getEpochSecond();
            if (exp <= now.getEpochSecond()) {
                throw new IllegalArgumentException("expiry must be in the future");
            }
            if (Duration.between(now, expires).compareTo(signer.maxLifetime) > 0) {
                throw new IllegalArgumentException("expiry is beyond the maximum lifetime " + signer.maxLifetime);
            }
            String nbf = null;
            if (notBefore != null) {
                if (notBefore.getEpochSecond() >= exp) {
                    throw new IllegalArgumentException("not-before must be earlier than the expiry");
                }
                nbf = Long.toString(notBefore.getEpochSecond());
            }
            String kid = signer.currentKey;
            String expString = Long.toString(exp);
            byte[] sig = encode(mac(signer.keys.get(kid), message(kid, path, expString, nbf, user)));
            StringBuilder out = new StringBuilder(path).append('?')
                    .append(query(expString, nbf, user != null, kid, new String(sig, StandardCharsets.ISO_8859_1)));
            return out.toString();
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, byte[]> keys = new LinkedHashMap<>();
        private String currentKey;
        private Duration maxLifetime = Duration.ofDays(7);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds a verification key; at least 32 bytes from a CSPRNG. The array is copied. */
        public Builder key(String id, byte[] secret) {
            keys.put(id, secret == null ? null : secret.clone());
            return this;
        }

        /** The key id new links are signed with; optional when exactly one key is set. */
        public Builder currentKey(String id) {
            this.currentKey = id;
            return this;
        }

        public Builder maxLifetime(Duration value) {
            this.maxLifetime = value;
            return this;
        }

        /** For tests. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public UrlSigner build() {
            if (keys.isEmpty()) {
                throw new ConfigException(KEY_PREFIX + "<id> is required: at least one signing key");
            }
            for (Map.Entry<String, byte[]> e : keys.entrySet()) {
                if (e.getKey() == null || !KEY_ID.matcher(e.getKey()).matches()) {
                    throw ConfigException.badValue(KEY_PREFIX + "<id>:", "key id must be 1-32 letters, digits, - or _",
                            String.valueOf(e.getKey()), "code", false);
                }
                if (e.getValue() == null || e.getValue().length < MIN_KEY_BYTES) {
                    throw ConfigException.badValue(KEY_PREFIX + e.getKey(), "must be at least " + MIN_KEY_BYTES + " bytes", "",
                            "code", true);
                }
            }
            if (currentKey == null) {
                if (keys.size() != 1) {
                    throw new ConfigException(KEY_CURRENT + " is required when more than one key is set; keys: " + keys.keySet());
                }
                currentKey = keys.keySet().iterator().next();
            }
            if (!keys.containsKey(currentKey)) {
                throw ConfigException.badValue(KEY_CURRENT, "must name a configured key " + keys.keySet(), currentKey, "code", false);
            }
            Objects.requireNonNull(maxLifetime, KEY_MAX_LIFETIME);
            SendfileKeys.SIGNED_URL_MAX_LIFETIME.check(maxLifetime);
            Objects.requireNonNull(clock, "clock");
            return new UrlSigner(this);
        }
    }

}

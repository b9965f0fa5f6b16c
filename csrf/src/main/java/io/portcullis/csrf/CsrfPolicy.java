package io.portcullis.csrf;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import io.portcullis.core.WireToken;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link CsrfFilter} checks, immutable. Built with {@link #builder()}, read from
 * {@code portcullis.csrf.*} settings with {@link #from(Settings)}; every key, its default and its
 * meaning are in {@link #KEYS} and docs/csrf.md. Validation happens once, in
 * {@link Builder#build()}.
 */
public final class CsrfPolicy {

    static final String P = "portcullis.csrf.";
    public static final String KEY_FETCH_METADATA = CsrfKeys.FETCH_METADATA.name();
    public static final String KEY_ALLOW_SAME_SITE = CsrfKeys.ALLOW_SAME_SITE.name();
    public static final String KEY_CROSS_SITE_PATHS = CsrfKeys.CROSS_SITE_PATHS.name();
    public static final String KEY_ORIGIN_CHECK = CsrfKeys.ORIGIN_CHECK.name();
    public static final String KEY_TRUSTED_ORIGINS = CsrfKeys.TRUSTED_ORIGINS.name();
    public static final String KEY_EXEMPT_PATHS = CsrfKeys.EXEMPT_PATHS.name();
    public static final String KEY_TOKEN_STORE = CsrfKeys.TOKEN_STORE.name();
    public static final String KEY_COOKIE_NAME = CsrfKeys.COOKIE_NAME.name();
    public static final String KEY_PARAMETER_NAME = CsrfKeys.PARAMETER_NAME.name();
    public static final String KEY_HEADER_NAME = CsrfKeys.HEADER_NAME.name();
    public static final String KEY_SIGNING_KEY = CsrfKeys.SIGNING_KEY.name();

    /** Every key this module reads, with its default as written in configuration and one line of meaning. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        CsrfKeys.KEYS.forEach(key -> k.put(key.name(), key.defaultText()));
        k.put(KEY_SIGNING_KEY, "(random per start)");
        KEYS = Collections.unmodifiableMap(k);
    }

    static final int MIN_KEY_LENGTH = 32;
    private static final Pattern TOKEN_CHARS = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?|(https?)://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    /** Where the secret behind the tokens lives. */
    public enum TokenStore implements WireToken {
        /** The session's token when the request has a session, else the signed cookie; never creates a session. */
        AUTO("auto"),
        /** Only the session (created when a token is first asked for). */
        SESSION("session"),
        /** Only the signed double-submit cookie; the session is never touched. */
        COOKIE("cookie");

        private final String token;

        TokenStore(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    private final boolean fetchMetadata;
    private final boolean allowSameSite;
    private final PathSet crossSitePaths;
    private final boolean originCheck;
    private final List<String> trustedOrigins;
    private final PathSet exemptPaths;
    private final TokenStore tokenStore;
    private final String cookieName;
    private final String parameterName;
    private final String headerName;
    private final byte[] signingKey;
    private final boolean tokenCheck;

    private CsrfPolicy(Builder b, byte[] key) {
        this.fetchMetadata = b.fetchMetadata;
        this.allowSameSite = b.allowSameSite;
        this.crossSitePaths = PathSet.of(KEY_CROSS_SITE_PATHS, b.crossSitePaths);
        this.originCheck = b.originCheck;
        this.trustedOrigins = List.copyOf(b.trustedOrigins);
        this.exemptPaths = PathSet.of(KEY_EXEMPT_PATHS, b.exemptPaths);
        this.tokenStore = b.tokenStore;
        this.cookieName = b.cookieName;
        this.parameterName = b.parameterName;
        this.headerName = b.headerName;
        this.signingKey = key;
        this.tokenCheck = b.tokenCheck;
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The secure defaults (see {@link #KEYS}). */
    public static CsrfPolicy defaults() {
        return builder().build();
    }

    /** A builder holding this policy's values (the signing key included). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fetchMetadata = fetchMetadata;
        b.allowSameSite = allowSameSite;
        b.crossSitePaths = crossSitePaths.patterns();
        b.originCheck = originCheck;
        b.trustedOrigins = trustedOrigins;
        b.exemptPaths = exemptPaths.patterns();
        b.tokenStore = tokenStore;
        b.cookieName = cookieName;
        b.parameterName = parameterName;
        b.headerName = headerName;
        b.signingKey = signingKey.clone();
        b.tokenCheck = tokenCheck;
        return b;
    }

    /**
     * The policy described by {@code portcullis.csrf.*} settings; unset keys keep their defaults.
     *
     * @throws ConfigException for an unknown key (with a did-you-mean) or a bad value (naming the
     *                         key, quoting the value — never the signing key's — and saying what is allowed)
     */
    public static CsrfPolicy from(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, CsrfKeys.KEYS);
        Builder b = builder();
        b.fetchMetadata(r.get(CsrfKeys.FETCH_METADATA));
        b.allowSameSite(r.get(CsrfKeys.ALLOW_SAME_SITE));
        b.crossSitePaths(r.get(CsrfKeys.CROSS_SITE_PATHS));
        b.originCheck(r.get(CsrfKeys.ORIGIN_CHECK));
        b.trustedOrigins(r.get(CsrfKeys.TRUSTED_ORIGINS));
        b.exemptPaths(r.get(CsrfKeys.EXEMPT_PATHS));
        b.tokenStore(r.get(CsrfKeys.TOKEN_STORE));
        b.cookieName(r.get(CsrfKeys.COOKIE_NAME));
        b.parameterName(r.get(CsrfKeys.PARAMETER_NAME));
        b.headerName(r.get(CsrfKeys.HEADER_NAME));
        String key = r.get(CsrfKeys.SIGNING_KEY);
        if (key != null) {
            b.signingKey(key.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** Whether cross-site requests other than top-level GET navigations are refused ({@code Sec-Fetch-Site}). Default true. */
    public boolean fetchMetadata() {
        return fetchMetadata;
    }

    /** Whether {@code Sec-Fetch-Site: same-site} counts as trusted (OWASP's policy does). Default true. */
    public boolean allowSameSite() {
        return allowSameSite;
    }

    /** Paths where cross-site requests pass the Fetch-Metadata policy (CORS APIs); tokens and Origin still apply. */
    public List<String> crossSitePaths() {
        return crossSitePaths.patterns();
    }

    /** Whether unsafe requests must come from the request's own origin or a trusted one. Default true. */
    public boolean originCheck() {
        return originCheck;
    }

    /** Origins trusted besides the request's own, like {@code https://app.example.com} or {@code https://*.example.com}. */
    public List<String> trustedOrigins() {
        return trustedOrigins;
    }

    /** Paths with no CSRF check at all (webhooks that authenticate each request by its own signature). */
    public List<String> exemptPaths() {
        return exemptPaths.patterns();
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public String cookieName() {
        return cookieName;
    }

    public String parameterName() {
        return parameterName;
    }

    public String headerName() {
        return headerName;
    }

    boolean tokenCheck() {
        return tokenCheck;
    }

    byte[] signingKey() {
        return signingKey;
    }

    boolean exempt(String path) {
        return exemptPaths.matches(path);
    }

    boolean crossSiteAllowed(String path) {
        return crossSitePaths.matches(path);
    }

    /** Whether {@code origin} (lower-case {@code scheme://host[:port]}, default port left out) is trusted. */
    boolean trusted(String origin) {
        for (String t : trustedOrigins) {
            if (t.equals(origin)) {
                return true;
            }
            int star = t.indexOf("://*.");
            if (star > 0) {
                String scheme = t.substring(0, star + 3);
                String suffix = t.substring(star + 4);
                if (origin.startsWith(scheme) && origin.endsWith(suffix)
                        && origin.length() > scheme.length() + suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsrfPolicy p && fetchMetadata == p.fetchMetadata && allowSameSite == p.allowSameSite
                && crossSitePaths.equals(p.crossSitePaths) && originCheck == p.originCheck
                && trustedOrigins.equals(p.trustedOrigins) && exemptPaths.equals(p.exemptPaths)
                && tokenStore == p.tokenStore && cookieName.equals(p.cookieName)
                && parameterName.equals(p.parameterName) && headerName.equals(p.headerName)
                && java.util.Arrays.equals(signingKey, p.signingKey) && tokenCheck == p.tokenCheck;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fetchMetadata, originCheck, trustedOrigins, tokenStore, cookieName);
    }

    /** Never shows the signing key. */
    @Override
    public String toString() {
        return "CsrfPolicy[fetchMetadata=" + fetchMetadata + ", allowSameSite=" + allowSameSite + ", crossSitePaths="
                + crossSitePaths.patterns() + ", originCheck=" + originCheck + ", trustedOrigins=" + trustedOrigins
                + ", exemptPaths=" + exemptPaths.patterns() + ", tokenStore=" + tokenStore.token() + ", cookieName="
                + cookieName + ", parameterName=" + parameterName + ", headerName=" + headerName + "]";
    }

    /** Mutable settings; {@link #build()} validates them all. */
    public static final class Builder {
        private boolean fetchMetadata = true;
        private boolean allowSameSite = true;
        private List<String> crossSitePaths = List.of();
        private boolean originCheck = true;
        private List<String> trustedOrigins = List.of();
        private List<String> exemptPaths = List.of();
        private TokenStore tokenStore = TokenStore.AUTO;
        private String cookieName = "__Host-csrf";
        private String parameterName = "_csrf";
        private String headerName = "X-CSRF-Token";
        private byte[] signingKey;
        private boolean tokenCheck = true;

        private Builder() {
        }

        public Builder fetchMetadata(boolean on) {
            this.fetchMetadata = on;
            return this;
        }

        public Builder allowSameSite(boolean on) {
            this.allowSameSite = on;
            return this;
        }

        public Builder crossSitePaths(List<String> patterns) {
            this.crossSitePaths = List.copyOf(patterns);
            return this;
        }

        public Builder originCheck(boolean on) {
            this.originCheck = on;
            return this;
        }

        public Builder trustedOrigins(List<String> origins) {
            this.trustedOrigins = List.copyOf(origins);
            return this;
        }

        public Builder exemptPaths(List<String> patterns) {
            this.exemptPaths = List.copyOf(patterns);
            return this;
        }

        public Builder tokenStore(TokenStore store) {
            this.tokenStore = Objects.requireNonNull(store, "tokenStore");
            return this;
        }

        public Builder cookieName(String name) {
            this.cookieName = Objects.requireNonNull(name, "cookieName");
            return this;
        }

        public Builder parameterName(String name) {
            this.parameterName = Objects.requireNonNull(name, "parameterName");
            return this;
        }

        public Builder headerName(String name) {
            this.headerName = Objects.requireNonNull(name, "headerName");
            return this;
        }

        /** The HMAC key of the double-submit cookie; at least 32 bytes. Set it when several nodes serve one site. */
        public Builder signingKey(byte[] key) {
            this.signingKey = key.clone();
            return this;
        }

        /** Tests only: the token requirement off, to show what the other layers alone do. */
        Builder tokenCheck(boolean on) {
            this.tokenCheck = on;
            return this;
        }

        /** @throws ConfigException naming the setting and quoting the bad value */
        public CsrfPolicy build() {
            CsrfKeys.TRUSTED_ORIGINS.check(trustedOrigins);
            CsrfKeys.CROSS_SITE_PATHS.check(crossSitePaths);
            CsrfKeys.EXEMPT_PATHS.check(exemptPaths);
            List<String> lower = trustedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).map(CsrfPolicy::dropDefaultPort).toList();
            CsrfKeys.COOKIE_NAME.check(cookieName);
            CsrfKeys.PARAMETER_NAME.check(parameterName);
            CsrfKeys.HEADER_NAME.check(headerName);
            if (signingKey != null && signingKey.length < MIN_KEY_LENGTH) {
                throw ConfigException.badValue(KEY_SIGNING_KEY, "must be at least " + MIN_KEY_LENGTH + " bytes", "", "code",
                        true);
            }
            this.trustedOrigins = lower;
            byte[] key = signingKey != null ? signingKey.clone() : Tokens.randomBytes(32);
            return new CsrfPolicy(this, key);
        }
    }

    static String dropDefaultPort(String origin) {
        if (origin.startsWith("https://") && origin.endsWith(":443")) {
            return origin.substring(0, origin.length() - 4);
        }
        if (origin.startsWith("http://") && origin.endsWith(":80")) {
            return origin.substring(0, origin.length() - 3);
        }
        return origin;
    }
}

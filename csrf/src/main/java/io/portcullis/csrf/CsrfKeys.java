package io.portcullis.csrf;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every {@code portcullis.csrf.*} key, declared once: {@link CsrfPolicy#from} reads them and
 * {@link CsrfPolicy.Builder#build()} validates with them (same values accepted, same messages);
 * docs/csrf.md's key table is generated from {@link #KEYS}.
 */
public final class CsrfKeys implements KeyProvider {

    static final String P = "portcullis.csrf.";
    private static final Pattern TOKEN_CHARS = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ORIGIN = Pattern.compile(
            "(https?)://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?|(https?)://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final String PATHS_RULE = "must be a comma-separated list of /exact, /prefix/* or *.ext patterns";

    public static final Key<Boolean> FETCH_METADATA = Key.bool(P + "fetch-metadata", true,
            "Refuse cross-site requests (Sec-Fetch-Site) that are not top-level GET navigations.");
    public static final Key<Boolean> ALLOW_SAME_SITE = Key.bool(P + "fetch-metadata.allow-same-site", true,
            "Sec-Fetch-Site: same-site passes (OWASP).");
    public static final Key<List<String>> CROSS_SITE_PATHS = Key.list(P + "cross-site-paths", List.of(),
            "Paths where Fetch Metadata is skipped (CORS APIs); Origin and token still apply.")
            .rule(PATHS_RULE).checking(l -> PathSet.check(l));
    public static final Key<Boolean> ORIGIN_CHECK = Key.bool(P + "origin-check", true,
            "Unsafe methods need this origin or a trusted origin in Origin (or Referer).");
    public static final Key<List<String>> TRUSTED_ORIGINS = Key.list(P + "trusted-origins", List.of(),
            "Other origins allowed to send unsafe requests: https://app.example.com, https://*.example.com (no path).")
            .rule("must be a comma-separated list of origins")
            .checking(l -> l.forEach(o -> {
                if (!ORIGIN.matcher(o).matches()) {
                    throw Key.reject("entries must be origins like https://app.example.com or https://*.example.com "
                            + "(scheme, host, optional port, no path)", o);
                }
            }));
    public static final Key<List<String>> EXEMPT_PATHS = Key.list(P + "exempt-paths", List.of(),
            "Paths with no check at all: webhooks that authenticate each request by their own signature.")
            .rule(PATHS_RULE).checking(l -> PathSet.check(l));
    public static final Key<CsrfPolicy.TokenStore> TOKEN_STORE = Key.token(P + "token-store",
            CsrfPolicy.TokenStore.AUTO, CsrfPolicy.TokenStore.class,
            "Where the token lives: the session when there is one, else a signed cookie (auto); "
                    + "only the session; only the cookie.");
    public static final Key<String> COOKIE_NAME = token(P + "cookie-name", "__Host-csrf",
            "Name of the double-submit cookie; __Secure- is refused (domain-wide); without __Host-, Secure only on "
            + "HTTPS.")
            .checking(v -> {
                if (v.regionMatches(true, 0, "__Secure-", 0, 9)) {
                    throw Key.reject("must use the __Host- prefix or none (a __Secure- cookie may be set for a whole "
                            + "domain)", v);
                }
            });
    public static final Key<String> PARAMETER_NAME = token(P + "parameter-name", "_csrf",
            "Form field carrying the token.");
    public static final Key<String> HEADER_NAME = token(P + "header-name", "X-CSRF-Token",
            "Request header carrying the token (scripts).");
    public static final Key<String> SIGNING_KEY = Key.secret(P + "signing-key",
            "HMAC key of the cookie, at least 32 bytes of random text; set it when several nodes serve one site. A "
            + "secret, never shown.")
            .defaultText("");

    /** Every key of the module, in documentation order. */
    public static final KeySet KEYS = KeySet.of("csrf", FETCH_METADATA, ALLOW_SAME_SITE, CROSS_SITE_PATHS, ORIGIN_CHECK,
            TRUSTED_ORIGINS, EXEMPT_PATHS, TOKEN_STORE, COOKIE_NAME, PARAMETER_NAME, HEADER_NAME, SIGNING_KEY);

    @Override
    public KeySet keys() {
        return KEYS;
    }

    private static Key<String> token(String name, String defaultValue, String doc) {
        return Key.string(name, defaultValue, doc)
                .rule("must be a non-empty HTTP token (letters, digits, !#$%&'*+.^_`|~-)")
                .checking(v -> {
                    if (v == null || !TOKEN_CHARS.matcher(v).matches()) {
                        throw Key.reject(null, null);
                    }
                });
    }
}

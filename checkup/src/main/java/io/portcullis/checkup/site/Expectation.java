package io.portcullis.checkup.site;

import io.portcullis.core.WireToken;

/**
 * Every result of the MDN HTTP Observatory (v2, {@code mdn/mdn-http-observatory}) tests with
 * its published score modifier ({@code src/grader/charts.js} {@code SCORE_TABLE}). The token is
 * the Observatory's own result name, so reports can be compared line by line.
 */
public enum Expectation implements WireToken {
    // Content Security Policy
    CSP_NO_UNSAFE_DEFAULT_SRC_NONE(Test.CSP, "csp-implemented-with-no-unsafe-default-src-none", 10),
    CSP_NO_UNSAFE(Test.CSP, "csp-implemented-with-no-unsafe", 5),
    CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY(Test.CSP, "csp-implemented-with-unsafe-inline-in-style-src-only", 0),
    CSP_DUPLICATE_DIRECTIVES(Test.CSP, "csp-implemented-but-duplicate-directives", 0),
    CSP_INSECURE_SCHEME_PASSIVE_ONLY(Test.CSP, "csp-implemented-with-insecure-scheme-in-passive-content-only", -10),
    CSP_UNSAFE_EVAL(Test.CSP, "csp-implemented-with-unsafe-eval", -10),
    CSP_UNSAFE_INLINE(Test.CSP, "csp-implemented-with-unsafe-inline", -20),
    CSP_INSECURE_SCHEME(Test.CSP, "csp-implemented-with-insecure-scheme", -20),
    CSP_HEADER_INVALID(Test.CSP, "csp-header-invalid", -25),
    CSP_NOT_IMPLEMENTED(Test.CSP, "csp-not-implemented", -25),
    CSP_NOT_IMPLEMENTED_BUT_REPORTING(Test.CSP, "csp-not-implemented-but-reporting-enabled", -25),
    // Cookies
    COOKIES_SECURE_HTTPONLY_SAMESITE(Test.COOKIES, "cookies-secure-with-httponly-sessions-and-samesite", 5),
    COOKIES_SECURE_HTTPONLY(Test.COOKIES, "cookies-secure-with-httponly-sessions", 0),
    COOKIES_NOT_FOUND(Test.COOKIES, "cookies-not-found", 0),
    COOKIES_WITHOUT_SECURE_BUT_HSTS(Test.COOKIES, "cookies-without-secure-flag-but-protected-by-hsts", -5),
    COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS(Test.COOKIES, "cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    COOKIES_WITHOUT_SECURE(Test.COOKIES, "cookies-without-secure-flag", -20),
    COOKIES_SAMESITE_INVALID(Test.COOKIES, "cookies-samesite-flag-invalid", -20),
    COOKIES_ANTICSRF_WITHOUT_SAMESITE(Test.COOKIES, "cookies-anticsrf-without-samesite-flag", -20),
    COOKIES_SESSION_WITHOUT_HTTPONLY(Test.COOKIES, "cookies-session-without-httponly-flag", -30),
    COOKIES_SESSION_WITHOUT_SECURE(Test.COOKIES, "cookies-session-without-secure-flag", -40),
    // Cross-origin resource sharing
    CORS_NOT_IMPLEMENTED(Test.CORS, "cross-origin-resource-sharing-not-implemented", 0),
    CORS_PUBLIC(Test.CORS, "cross-origin-resource-sharing-implemented-with-public-access", 0),
    CORS_RESTRICTED(Test.CORS, "cross-origin-resource-sharing-implemented-with-restricted-access", 0),
    CORS_UNIVERSAL(Test.CORS, "cross-origin-resource-sharing-implemented-with-universal-access", -50),
    // Redirection
    REDIRECTION_ALL_PRELOADED(Test.REDIRECTION, "redirection-all-redirects-preloaded", 0),
    REDIRECTION_TO_HTTPS(Test.REDIRECTION, "redirection-to-https", 0),
    REDIRECTION_NOT_NEEDED_NO_HTTP(Test.REDIRECTION, "redirection-not-needed-no-http", 0),
    REDIRECTION_OFF_HOST_FROM_HTTP(Test.REDIRECTION, "redirection-off-host-from-http", -5),
    REDIRECTION_NOT_TO_HTTPS_ON_INITIAL(Test.REDIRECTION, "redirection-not-to-https-on-initial-redirection", -10),
    REDIRECTION_NOT_TO_HTTPS(Test.REDIRECTION, "redirection-not-to-https", -20),
    REDIRECTION_MISSING(Test.REDIRECTION, "redirection-missing", -20),
    REDIRECTION_INVALID_CERT(Test.REDIRECTION, "redirection-invalid-cert", -20),
    // Referrer-Policy
    REFERRER_PRIVATE(Test.REFERRER, "referrer-policy-private", 5),
    REFERRER_NOT_IMPLEMENTED(Test.REFERRER, "referrer-policy-not-implemented", 0),
    REFERRER_UNSAFE(Test.REFERRER, "referrer-policy-unsafe", -5),
    REFERRER_INVALID(Test.REFERRER, "referrer-policy-header-invalid", -5),
    // Strict-Transport-Security
    HSTS_PRELOADED(Test.HSTS, "hsts-preloaded", 5),
    HSTS_AT_LEAST_SIX_MONTHS(Test.HSTS, "hsts-implemented-max-age-at-least-six-months", 0),
    HSTS_LESS_THAN_SIX_MONTHS(Test.HSTS, "hsts-implemented-max-age-less-than-six-months", -10),
    HSTS_NOT_IMPLEMENTED(Test.HSTS, "hsts-not-implemented", -20),
    HSTS_INVALID(Test.HSTS, "hsts-header-invalid", -20),
    HSTS_NO_HTTPS(Test.HSTS, "hsts-not-implemented-no-https", -20),
    HSTS_INVALID_CERT(Test.HSTS, "hsts-invalid-cert", -20),
    // Subresource integrity
    SRI_ALL_SCRIPTS_SECURE(Test.SRI, "sri-implemented-and-all-scripts-loaded-securely", 5),
    SRI_EXTERNAL_SCRIPTS_SECURE(Test.SRI, "sri-implemented-and-external-scripts-loaded-securely", 5),
    SRI_NOT_HTML(Test.SRI, "sri-not-implemented-response-not-html", 0),
    SRI_NO_SCRIPTS(Test.SRI, "sri-not-implemented-but-no-scripts-loaded", 0),
    SRI_SAME_ORIGIN_ONLY(Test.SRI, "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0),
    SRI_MISSING_EXTERNAL_SECURE(Test.SRI, "sri-not-implemented-but-external-scripts-loaded-securely", -5),
    SRI_EXTERNAL_INSECURE(Test.SRI, "sri-implemented-but-external-scripts-not-loaded-securely", -20),
    SRI_MISSING_EXTERNAL_INSECURE(Test.SRI, "sri-not-implemented-and-external-scripts-not-loaded-securely", -50),
    // X-Content-Type-Options
    XCTO_NOSNIFF(Test.XCTO, "x-content-type-options-nosniff", 0),
    XCTO_NOT_IMPLEMENTED(Test.XCTO, "x-content-type-options-not-implemented", -5),
    XCTO_INVALID(Test.XCTO, "x-content-type-options-header-invalid", -5),
    // X-Frame-Options (1.4.8 gives DENY/SAMEORIGIN 0; only frame-ancestors earns +5)
    XFO_VIA_CSP(Test.XFO, "x-frame-options-implemented-via-csp", 5),
    XFO_SAMEORIGIN_OR_DENY(Test.XFO, "x-frame-options-sameorigin-or-deny", 0),
    XFO_ALLOW_FROM(Test.XFO, "x-frame-options-allow-from-origin", 0),
    XFO_NOT_IMPLEMENTED(Test.XFO, "x-frame-options-not-implemented", -20),
    XFO_INVALID(Test.XFO, "x-frame-options-header-invalid", -20),
    // Cross-Origin-Opener-Policy and -Embedder-Policy: not Observatory 1.4.8 tests; checkup's extended score only
    COOP_SAME_ORIGIN(Test.COOP, "coop-implemented-with-same-origin", 10),
    COOP_SAME_ORIGIN_ALLOW_POPUPS(Test.COOP, "coop-implemented-with-same-origin-allow-popups", 10),
    COOP_NOOPENER_ALLOW_POPUPS(Test.COOP, "coop-implemented-with-noopener-allow-popups", 10),
    COOP_UNSAFE_NONE(Test.COOP, "coop-implemented-with-unsafe-none", 0),
    COOP_NOT_IMPLEMENTED(Test.COOP, "coop-not-implemented", 0),
    COOP_INVALID(Test.COOP, "coop-header-invalid", -5),
    // Cross-Origin-Embedder-Policy
    COEP_REQUIRE_CORP(Test.COEP, "coep-implemented-with-require-corp", 10),
    COEP_CREDENTIALLESS(Test.COEP, "coep-implemented-with-credentialless", 10),
    COEP_UNSAFE_NONE(Test.COEP, "coep-implemented-with-unsafe-none", 0),
    COEP_NOT_IMPLEMENTED(Test.COEP, "coep-not-implemented", 0),
    COEP_INVALID(Test.COEP, "coep-header-invalid", -5),
    // Cross-Origin-Resource-Policy
    CORP_SAME_ORIGIN(Test.CORP, "corp-implemented-with-same-origin", 10),
    CORP_SAME_SITE(Test.CORP, "corp-implemented-with-same-site", 10),
    CORP_CROSS_ORIGIN(Test.CORP, "corp-implemented-with-cross-origin", 0),
    CORP_NOT_IMPLEMENTED(Test.CORP, "corp-not-implemented", 0),
    CORP_INVALID(Test.CORP, "corp-header-invalid", -5);

    /** The Observatory tests, with their published names and titles. */
    public enum Test implements WireToken {
        CSP("content-security-policy", "Content Security Policy (CSP)"),
        COOKIES("cookies", "Cookies"),
        CORS("cross-origin-resource-sharing", "Cross Origin Resource Sharing (CORS)"),
        REDIRECTION("redirection", "Redirection"),
        REFERRER("referrer-policy", "Referrer Policy"),
        HSTS("strict-transport-security", "Strict Transport Security (HSTS)"),
        SRI("subresource-integrity", "Subresource Integrity"),
        XCTO("x-content-type-options", "X-Content-Type-Options"),
        XFO("x-frame-options", "X-Frame-Options"),
        COOP("cross-origin-opener-policy", "Cross Origin Opener Policy"),
        COEP("cross-origin-embedder-policy", "Cross Origin Embedder Policy"),
        CORP("cross-origin-resource-policy", "Cross Origin Resource Policy");

        private final String token;
        private final String title;

        Test(String token, String title) {
            this.token = token;
            this.title = title;
        }

        @Override
        public String token() {
            return token;
        }

        public String title() {
            return title;
        }
    }

    private final Test test;
    private final String token;
    private final int modifier;

    Expectation(Test test, String token, int modifier) {
        this.test = test;
        this.token = token;
        this.modifier = modifier;
    }

    public Test test() {
        return test;
    }

    @Override
    public String token() {
        return token;
    }

    /** The published score modifier. */
    public int modifier() {
        return modifier;
    }
}

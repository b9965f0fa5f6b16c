package io.portcullis.csrf;

/** Why {@link CsrfFilter} refused a request: the stable {@code code} of its 403 problem+json answer. */
public enum CsrfReason {
    /** An unsafe request carried no token (neither the header nor the form field). */
    CSRF_TOKEN_MISSING("CSRF token missing"),
    /** The token was malformed, or not the one issued to this session or cookie. */
    CSRF_TOKEN_INVALID("CSRF token invalid"),
    /** {@code Origin} (or, on HTTPS without it, {@code Referer}) names neither this site nor a trusted origin. */
    ORIGIN_MISMATCH("Origin not allowed"),
    /** The browser said the request is cross-site ({@code Sec-Fetch-Site}) and it is not a top-level GET navigation. */
    CROSS_SITE_REQUEST("Cross-site request refused");

    private final String title;

    CsrfReason(String title) {
        this.title = title;
    }

    /** The problem's title. */
    public String title() {
        return title;
    }
}

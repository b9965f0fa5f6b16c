package io.portcullis.checkup.site;

import io.portcullis.checkup.site.Score.Observation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * checkup's own extended score: the Observatory's modifiers applied to what a browser really
 * gets (CORS reflection tested with a made-up Origin, {@code <meta>} CSP only in {@code <head>},
 * {@code <meta name=referrer>} honoured, cookies of {@code /robots.txt} counted, a strict HSTS
 * parse), plus Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy (+10 each), which
 * Observatory 1.4.8 does not score. {@link Observatory} computes the Observatory's own number.
 */
final class Extended {

    private Extended() {
    }

    /** The header CSP combined with any {@code <meta http-equiv>} CSP in an HTML page. */
    static Observation csp(Response page, boolean https, HtmlPage html) {
        List<String> header = page.all("Content-Security-Policy");
        List<String> meta = html == null ? List.of() : html.browserMetaCsp();
        Csp policy;
        try {
            Csp.parse(concat(header, meta));
            Csp h = header.isEmpty() ? Csp.none() : Csp.parse(header);
            Csp m = meta.isEmpty() ? Csp.none() : Csp.parseMeta(meta);
            policy = h.and(m);
        } catch (Csp.InvalidCspException e) {
            return new Observation(Expectation.CSP_HEADER_INVALID, e.getMessage());
        }
        if (policy.isEmpty()) {
            return page.first("Content-Security-Policy-Report-Only").isPresent()
                    ? new Observation(Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING, "only a report-only policy is sent")
                    : new Observation(Expectation.CSP_NOT_IMPLEMENTED, "no Content-Security-Policy");
        }
        Expectation e = policy.observatory(https);
        return new Observation(e, "Content-Security-Policy: " + String.join(", ", concat(header, meta)));
    }

    /** Cookies from the page and /robots.txt; {@code hstsPasses} is the HSTS test's pass. */
    static Observation cookies(List<SetCookie> cookies, boolean hstsPasses) {
        List<SetCookie> all = cookies.stream().filter(c -> !c.name().equals("heroku-session-affinity")).toList();
        if (all.isEmpty()) {
            return new Observation(Expectation.COOKIES_NOT_FOUND, "no cookies");
        }
        Expectation result = null;
        boolean missingSameSite = false;
        for (SetCookie c : all) {
            if (c.sameSite() != null && !c.sameSiteValid()) {
                result = worse(result, Expectation.COOKIES_SAMESITE_INVALID);
            }
            if (!c.secure() && c.sameSiteNone()) {
                result = worse(result, Expectation.COOKIES_SAMESITE_INVALID);
            }
            if (!c.secure()) {
                result = worse(result, hstsPasses ? Expectation.COOKIES_WITHOUT_SECURE_BUT_HSTS
                        : Expectation.COOKIES_WITHOUT_SECURE);
            }
            boolean sameSite = c.sameSiteValid();
            if (c.observatoryAntiCsrf() && !sameSite) {
                result = worse(result, Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE);
            }
            if (c.observatorySession() && !c.secure()) {
                result = worse(result, hstsPasses ? Expectation.COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS
                        : Expectation.COOKIES_SESSION_WITHOUT_SECURE);
            }
            if (c.observatorySession() && !c.httpOnly()) {
                result = worse(result, Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY);
            }
            missingSameSite |= !sameSite;
        }
        if (result == null) {
            result = missingSameSite ? Expectation.COOKIES_SECURE_HTTPONLY : Expectation.COOKIES_SECURE_HTTPONLY_SAMESITE;
        }
        return new Observation(result, all.size() + " cookie(s): "
                + String.join(", ", all.stream().map(SetCookie::name).toList()));
    }

    /** The Observatory's order of badness for cookie results ({@code goodness} in cookies.js). */
    private static final List<Expectation> COOKIE_ORDER = List.of(
            Expectation.COOKIES_WITHOUT_SECURE_BUT_HSTS, Expectation.COOKIES_WITHOUT_SECURE,
            Expectation.COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS, Expectation.COOKIES_SAMESITE_INVALID,
            Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE, Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY,
            Expectation.COOKIES_SESSION_WITHOUT_SECURE);

    private static Expectation worse(Expectation now, Expectation candidate) {
        if (now == null) {
            return candidate;
        }
        return COOKIE_ORDER.indexOf(candidate) > COOKIE_ORDER.indexOf(now) ? candidate : now;
    }

    /** CORS: a response to a request carrying {@code Origin: origin}. */
    static Observation cors(Response r, String origin) {
        Optional<String> acao = r.first("Access-Control-Allow-Origin");
        if (acao.isEmpty()) {
            return new Observation(Expectation.CORS_NOT_IMPLEMENTED, "no Access-Control-Allow-Origin");
        }
        String v = acao.get().trim().toLowerCase(Locale.ROOT);
        if (v.equals("*")) {
            return new Observation(Expectation.CORS_PUBLIC, "Access-Control-Allow-Origin: *");
        }
        boolean credentials = r.first("Access-Control-Allow-Credentials").map(c -> c.trim().equalsIgnoreCase("true"))
                .orElse(false);
        if (acao.get().equals(origin) && credentials) {
            return new Observation(Expectation.CORS_UNIVERSAL, "reflects any Origin with credentials allowed");
        }
        return new Observation(Expectation.CORS_RESTRICTED, "Access-Control-Allow-Origin: " + acao.get());
    }

    /**
     * Redirection from the plain-HTTP URL. {@code hops} are the responses followed from it (first
     * hop first, at most ten); {@code noHttpReason} says why there is no plain-HTTP URL to test
     * (nothing listens on port 80, or only a non-default HTTPS port was given), else null.
     *
     * @param certValid whether the HTTPS certificate verified
     */
    static Observation redirection(List<Response> hops, String noHttpReason, boolean certValid) {
        if (noHttpReason != null) {
            return new Observation(Expectation.REDIRECTION_NOT_NEEDED_NO_HTTP, noHttpReason);
        }
        if (hops.isEmpty() || !hops.get(0).isRedirect() || hops.get(0).location().isEmpty()) {
            return new Observation(Expectation.REDIRECTION_MISSING, hops.isEmpty() ? "no answer on plain HTTP"
                    : "plain HTTP answered " + hops.get(0).status() + " without redirecting");
        }
        URI first = hops.get(0).location().get();
        URI last = hops.get(hops.size() - 1).isRedirect() ? hops.get(hops.size() - 1).location().orElse(first)
                : hops.get(hops.size() - 1).uri();
        if (!"https".equalsIgnoreCase(last.getScheme())) {
            return new Observation(Expectation.REDIRECTION_NOT_TO_HTTPS, "ends at " + last);
        }
        if (!certValid) {
            return new Observation(Expectation.REDIRECTION_INVALID_CERT, "redirects to HTTPS with an invalid certificate");
        }
        if (!"https".equalsIgnoreCase(first.getScheme())) {
            return new Observation(Expectation.REDIRECTION_NOT_TO_HTTPS_ON_INITIAL, "first hop goes to " + first);
        }
        if (!first.getHost().equalsIgnoreCase(hops.get(0).uri().getHost())) {
            return new Observation(Expectation.REDIRECTION_OFF_HOST_FROM_HTTP, "first hop leaves the host: " + first);
        }
        return new Observation(Expectation.REDIRECTION_TO_HTTPS, "first hop " + hops.get(0).status() + " to " + first);
    }

    static Observation referrer(Response page, HtmlPage html) {
        List<String> values = new ArrayList<>(page.all("Referrer-Policy"));
        if (html != null) {
            html.browserMetaReferrer().ifPresent(values::add);
        }
        if (values.isEmpty()) {
            return new Observation(Expectation.REFERRER_NOT_IMPLEMENTED, "no Referrer-Policy header or <meta name=referrer>");
        }
        List<String> good = List.of("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
        List<String> bad = List.of("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade");
        String policy = "";
        for (String token : String.join(",", values).split(",")) {
            String t = token.trim().toLowerCase(Locale.ROOT);
            if (good.contains(t) || bad.contains(t)) {
                policy = t;
            }
        }
        String detail = "Referrer-Policy: " + String.join(", ", values)
                + (html != null && html.browserMetaReferrer().isPresent() ? " (last from <meta name=referrer>)" : "");
        if (good.contains(policy)) {
            return new Observation(Expectation.REFERRER_PRIVATE, detail);
        }
        return new Observation(bad.contains(policy) ? Expectation.REFERRER_UNSAFE : Expectation.REFERRER_INVALID, detail);
    }

    static Observation hsts(Response httpsPage, boolean certValid, boolean preloaded) {
        if (preloaded && httpsPage != null) {
            return new Observation(Expectation.HSTS_PRELOADED, "on the HSTS preload list");
        }
        if (httpsPage == null) {
            return new Observation(Expectation.HSTS_NO_HTTPS, "site not available over HTTPS");
        }
        if (!certValid) {
            return new Observation(Expectation.HSTS_INVALID_CERT, "HTTPS certificate does not verify");
        }
        List<String> values = httpsPage.all("Strict-Transport-Security");
        if (values.isEmpty()) {
            return new Observation(Expectation.HSTS_NOT_IMPLEMENTED, "no Strict-Transport-Security");
        }
        try {
            Hsts h = Hsts.parse(values.subList(0, 1));
            if (values.size() > 1 || values.get(0).contains(",")) {
                return new Observation(Expectation.HSTS_INVALID, "header sent more than once");
            }
            return new Observation(h.maxAge() < Hsts.SIX_MONTHS ? Expectation.HSTS_LESS_THAN_SIX_MONTHS
                    : Expectation.HSTS_AT_LEAST_SIX_MONTHS, "max-age=" + h.maxAge());
        } catch (Hsts.InvalidHstsException e) {
            return new Observation(Expectation.HSTS_INVALID, e.getMessage());
        }
    }

    /** Subresource integrity of the {@code <script src>} a browser loads, named in the detail. */
    static Observation sri(Response page, HtmlPage html) {
        if (html == null) {
            return new Observation(Expectation.SRI_NOT_HTML, "not HTML");
        }
        int scripts = 0;
        boolean anyIntegrity = false;
        boolean allIntegrity = true;
        List<String> external = new ArrayList<>();
        List<String> insecureExternal = new ArrayList<>();
        boolean externalWithoutIntegrity = false;
        for (HtmlPage.Script s : html.loadedScripts()) {
            String url = s.src();
            URI u;
            try {
                u = page.uri().resolve(url);
            } catch (IllegalArgumentException e) {
                continue;
            }
            scripts++;
            boolean integrity = s.integrity() != null && !s.integrity().isBlank();
            anyIntegrity |= integrity;
            allIntegrity &= integrity;
            boolean sameOrigin = String.valueOf(u.getHost()).equalsIgnoreCase(page.uri().getHost())
                    && String.valueOf(u.getScheme()).equalsIgnoreCase(page.uri().getScheme())
                    && Http.port(u) == Http.port(page.uri());
            if (!sameOrigin) {
                external.add(url);
                if (!"https".equalsIgnoreCase(u.getScheme())) {
                    insecureExternal.add(url);
                }
                externalWithoutIntegrity |= !integrity;
            }
        }
        if (scripts == 0) {
            return new Observation(Expectation.SRI_NO_SCRIPTS, "no <script src>");
        }
        String detail = scripts + " script(s)" + (external.isEmpty() ? ", all same origin"
                : "; from other origins: " + String.join(", ", external));
        if (!insecureExternal.isEmpty()) {
            return new Observation(anyIntegrity ? Expectation.SRI_EXTERNAL_INSECURE
                    : Expectation.SRI_MISSING_EXTERNAL_INSECURE, detail + "; without TLS: "
                    + String.join(", ", insecureExternal));
        }
        if (!external.isEmpty()) {
            return new Observation(externalWithoutIntegrity ? Expectation.SRI_MISSING_EXTERNAL_SECURE
                    : Expectation.SRI_EXTERNAL_SCRIPTS_SECURE, detail);
        }
        return new Observation(allIntegrity ? Expectation.SRI_ALL_SCRIPTS_SECURE : Expectation.SRI_SAME_ORIGIN_ONLY,
                detail);
    }

    static Observation xcto(Response page) {
        Optional<String> v = page.first("X-Content-Type-Options");
        if (v.isEmpty()) {
            return new Observation(Expectation.XCTO_NOT_IMPLEMENTED, "no X-Content-Type-Options");
        }
        return v.get().trim().equalsIgnoreCase("nosniff")
                ? new Observation(Expectation.XCTO_NOSNIFF, "nosniff")
                : new Observation(Expectation.XCTO_INVALID, "X-Content-Type-Options: " + v.get());
    }

    static Observation xfo(Response page) {
        Optional<String> v = page.first("X-Frame-Options");
        Expectation e;
        String detail;
        if (v.isEmpty()) {
            e = Expectation.XFO_NOT_IMPLEMENTED;
            detail = "no X-Frame-Options";
        } else {
            String x = v.get().trim().toLowerCase(Locale.ROOT);
            e = x.equals("deny") || x.equals("sameorigin") ? Expectation.XFO_SAMEORIGIN_OR_DENY
                    : x.startsWith("allow-from") ? Expectation.XFO_ALLOW_FROM : Expectation.XFO_INVALID;
            detail = "X-Frame-Options: " + v.get();
        }
        try {
            List<String> header = page.all("Content-Security-Policy");
            if (!header.isEmpty() && Csp.parse(header).has("frame-ancestors")) {
                return new Observation(Expectation.XFO_VIA_CSP, "CSP frame-ancestors");
            }
        } catch (Csp.InvalidCspException ignored) {
            // an unparsable policy gives no framing protection
        }
        return new Observation(e, detail);
    }

    static Observation coop(Response page) {
        return token(page, "Cross-Origin-Opener-Policy", Expectation.COOP_NOT_IMPLEMENTED, Expectation.COOP_INVALID,
                "same-origin", Expectation.COOP_SAME_ORIGIN, "same-origin-allow-popups",
                Expectation.COOP_SAME_ORIGIN_ALLOW_POPUPS, "noopener-allow-popups",
                Expectation.COOP_NOOPENER_ALLOW_POPUPS, "unsafe-none", Expectation.COOP_UNSAFE_NONE);
    }

    static Observation coep(Response page) {
        return token(page, "Cross-Origin-Embedder-Policy", Expectation.COEP_NOT_IMPLEMENTED, Expectation.COEP_INVALID,
                "require-corp", Expectation.COEP_REQUIRE_CORP, "credentialless", Expectation.COEP_CREDENTIALLESS,
                "unsafe-none", Expectation.COEP_UNSAFE_NONE);
    }

    static Observation corp(Response page) {
        return token(page, "Cross-Origin-Resource-Policy", Expectation.CORP_NOT_IMPLEMENTED, Expectation.CORP_INVALID,
                "same-origin", Expectation.CORP_SAME_ORIGIN, "same-site", Expectation.CORP_SAME_SITE,
                "cross-origin", Expectation.CORP_CROSS_ORIGIN);
    }

    /**
     * A structured-field token header (RFC 8941 §3.3.4) such as COOP: the token before any
     * {@code ;} parameters; more than one field is invalid.
     */
    private static Observation token(Response page, String header, Expectation missing, Expectation invalid,
                                     Object... tokenThenExpectation) {
        List<String> values = page.all(header);
        if (values.isEmpty()) {
            return new Observation(missing, "no " + header);
        }
        String detail = header + ": " + String.join(", ", values);
        if (values.size() > 1) {
            return new Observation(invalid, detail);
        }
        String t = values.get(0).split(";")[0].trim();
        for (int i = 0; i < tokenThenExpectation.length; i += 2) {
            if (t.equals(tokenThenExpectation[i])) {
                return new Observation((Expectation) tokenThenExpectation[i + 1], detail);
            }
        }
        return new Observation(invalid, detail);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

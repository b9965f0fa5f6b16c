package io.portcullis.checkup.site;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkup's own checks, beyond the Observatory's: pure functions from what the site answered to
 * findings, so each rule is unit-tested on its own and the audit only does the talking.
 */
final class Checks {

    private Checks() {
    }

    // ---------------------------------------------------------------- transport

    /** GET on plain HTTP: a permanent (301/308) redirect to HTTPS on the same host at the first hop. */
    static Finding redirectGet(Response r) {
        String id = "transport.redirect-get";
        if (!r.isRedirect() || r.location().isEmpty()) {
            return Finding.fail(id, "GET over plain HTTP answered " + r.status() + " instead of redirecting to HTTPS",
                    Fix.HTTPS_REDIRECT);
        }
        URI to = r.location().get();
        Optional<String> wrongTarget = wrongTarget(r.uri(), to);
        if (wrongTarget.isPresent()) {
            return Finding.fail(id, "GET over plain HTTP redirects to " + to + ": " + wrongTarget.get(), Fix.HTTPS_REDIRECT);
        }
        if (r.status() == 301 || r.status() == 308) {
            return Finding.pass(id, "GET over plain HTTP gets " + r.status() + " to " + to);
        }
        return Finding.warn(id, "GET over plain HTTP gets a temporary " + r.status() + " to " + to
                + "; use 301 or 308 so browsers and caches remember it", Fix.HTTPS_REDIRECT);
    }

    /**
     * The page whose headers are graded: the end of the redirect chain, as a browser (and the
     * Observatory) sees it.
     */
    static Finding page(List<Response> chain, Response graded, String observatoryRefusal) {
        String id = "transport.page";
        String route = chain.size() > 1 ? " after " + (chain.size() - 1) + " redirect(s) ("
                + String.join(" -> ", chain.stream().map(r -> r.status() + " " + r.uri()).toList()) + ")" : "";
        if (graded.status() >= 200 && graded.status() < 300) {
            return Finding.pass(id, "graded " + graded.uri() + ", answered " + graded.status() + route);
        }
        return Finding.warn(id, "the graded page " + graded.uri() + " answered " + graded.status() + route
                + "; the headers of the page people see are what matter"
                + (observatoryRefusal == null ? "" : " (" + observatoryRefusal + ")"), null);
    }

    /** POST on plain HTTP: a method-preserving 307/308 to HTTPS on the same host. */
    static Finding redirectPost(Response r) {
        String id = "transport.redirect-post";
        if (r.isRedirect() && r.location().isPresent()) {
            URI to = r.location().get();
            Optional<String> wrongTarget = wrongTarget(r.uri(), to);
            if (wrongTarget.isPresent()) {
                return Finding.fail(id, "POST over plain HTTP redirects to " + to + ": " + wrongTarget.get(),
                        Fix.HTTPS_REDIRECT);
            }
            if (r.status() == 307 || r.status() == 308) {
                return Finding.pass(id, "POST over plain HTTP gets a method-preserving " + r.status() + " to " + to);
            }
            // the form body has already crossed plain HTTP: a behaviour to improve, not a failure
            return Finding.warn(id, "POST over plain HTTP gets " + r.status()
                    + ", which browsers follow with a GET: the form data is lost; use 308", Fix.HTTPS_REDIRECT);
        }
        if (r.status() >= 400 && r.status() < 500) {
            return Finding.warn(id, "POST over plain HTTP is refused with " + r.status()
                    + " rather than redirected with 308", Fix.HTTPS_REDIRECT);
        }
        return Finding.fail(id, "POST over plain HTTP answered " + r.status() + ": the application accepts form data "
                + "in clear text", Fix.HTTPS_REDIRECT);
    }

    private static Optional<String> wrongTarget(URI from, URI to) {
        if (!"https".equalsIgnoreCase(to.getScheme())) {
            return Optional.of("not HTTPS");
        }
        if (to.getHost() == null || !to.getHost().equalsIgnoreCase(from.getHost())) {
            return Optional.of("another host at the first hop, so HSTS for this host is never set");
        }
        return Optional.empty();
    }

    /** Whether a forged Host or X-Forwarded-Host ended up in a redirect (open redirect / cache poisoning). */
    static Finding openRedirect(String id, String header, Response r, String evilHost) {
        String fix = header.equalsIgnoreCase("Host") ? Fix.ALLOWED_HOSTS : Fix.TRUSTED_PROXIES;
        Optional<String> location = r.first("Location");
        if (location.isPresent() && location.get().toLowerCase(Locale.ROOT).contains(evilHost)) {
            return Finding.fail(id, header + ": " + evilHost + " on " + r.uri().getScheme() + " is echoed in Location: "
                    + location.get(), fix);
        }
        if (r.status() >= 300 && r.status() < 400 && r.body().toLowerCase(Locale.ROOT).contains(evilHost)) {
            return Finding.fail(id, header + ": " + evilHost + " on " + r.uri().getScheme()
                    + " is echoed in the redirect body", fix);
        }
        return Finding.pass(id, header + ": " + evilHost + " on " + r.uri().getScheme() + " answered " + r.status()
                + location.map(l -> " to " + l).orElse("") + " (not echoed)");
    }

    static Finding certificate(Certificates.Result c, Instant now) {
        String id = "transport.certificate";
        if (!c.valid()) {
            return Finding.fail(id, c.error(), Fix.CERTIFICATE);
        }
        // a trust anchor (a --cacert self-signed certificate) is not date-checked by PKIX: check here
        if (c.leaf().getNotAfter().toInstant().isBefore(now)) {
            return Finding.fail(id, "certificate expired on " + c.leaf().getNotAfter().toInstant(), Fix.CERTIFICATE);
        }
        if (c.leaf().getNotBefore().toInstant().isAfter(now)) {
            return Finding.fail(id, "certificate is not valid before " + c.leaf().getNotBefore().toInstant(),
                    Fix.CERTIFICATE);
        }
        long days = c.daysLeft(now);
        String who = "valid for the host, " + days + " day(s) left (until " + c.leaf().getNotAfter().toInstant() + ")";
        if (days < Certificates.FAIL_DAYS) {
            return Finding.fail(id, "certificate " + who + ": renewal has failed", Fix.CERTIFICATE);
        }
        if (days < Certificates.WARN_DAYS) {
            return Finding.warn(id, "certificate " + who + ": renew now", Fix.CERTIFICATE);
        }
        return Finding.pass(id, "certificate " + who);
    }

    // ---------------------------------------------------------------- HSTS

    /** HSTS rules on the HTTPS page, and its absence on the plain-HTTP answer. */
    static List<Finding> hsts(Response httpsPage, List<Response> plainHops, HstsPreload preload, String host) {
        List<Finding> out = new ArrayList<>();
        if (httpsPage == null) {
            out.add(Finding.fail("hsts.present", "no HTTPS page to carry Strict-Transport-Security", Fix.HSTS_MAX_AGE));
        } else {
            List<String> values = httpsPage.all("Strict-Transport-Security");
            if (values.isEmpty()) {
                out.add(Finding.fail("hsts.present", "HTTPS responses carry no Strict-Transport-Security", Fix.HSTS_MAX_AGE));
            } else {
                try {
                    Hsts h = Hsts.parse(values);
                    out.add(Finding.pass("hsts.present", "Strict-Transport-Security: " + values.get(0)));
                    if (h.maxAge() < Hsts.SIX_MONTHS) {
                        out.add(Finding.fail("hsts.max-age", "max-age=" + h.maxAge() + " is under six months ("
                                + Hsts.SIX_MONTHS + ")", Fix.HSTS_MAX_AGE));
                    } else if (h.maxAge() < Hsts.ONE_YEAR) {
                        out.add(Finding.warn("hsts.max-age", "max-age=" + h.maxAge() + " is under a year ("
                                + Hsts.ONE_YEAR + ")", Fix.HSTS_MAX_AGE));
                    } else {
                        out.add(Finding.pass("hsts.max-age", "max-age=" + h.maxAge()));
                    }
                    out.add(h.includeSubDomains() ? Finding.pass("hsts.include-subdomains", "includeSubDomains is set")
                            : Finding.warn("hsts.include-subdomains", "no includeSubDomains: a sibling host over "
                            + "plain HTTP can still set cookies for this domain", Fix.HSTS_SUBDOMAINS));
                    if (h.preload() && !h.preloadEligible()) {
                        out.add(Finding.warn("hsts.preload", "preload is requested but hstspreload.org would refuse "
                                + "it: needs max-age >= " + Hsts.ONE_YEAR + " and includeSubDomains", Fix.HSTS_PRELOAD));
                    } else if (h.preload()) {
                        out.add(Finding.pass("hsts.preload", "eligible for the HSTS preload list"));
                    } else {
                        out.add(Finding.pass("hsts.preload", "preload not requested (optional; "
                                + (h.maxAge() >= Hsts.ONE_YEAR && h.includeSubDomains() ? "eligible once added)"
                                : "would need max-age >= 31536000 and includeSubDomains)")));
                    }
                } catch (Hsts.InvalidHstsException e) {
                    out.add(Finding.fail("hsts.present", "Strict-Transport-Security is invalid: " + e.getMessage(),
                            Fix.HSTS_MAX_AGE));
                }
            }
        }
        Optional<HstsPreload.Entry> listed = preload.preloaded(host);
        if (!preload.checked()) {
            String note = "preload status not checked: give Chromium's "
                    + "transport_security_state_static.json with --preload-list";
            out.add(Finding.pass("hsts.preload-list", note));
        } else if (listed.isPresent()) {
            out.add(Finding.pass("hsts.preload-list", host + " is preloaded (entry " + listed.get().name()
                    + (listed.get().includeSubDomains() ? ", with subdomains" : "") + ")"));
        } else {
            out.add(Finding.pass("hsts.preload-list", host + " is not on the preload list ("
                    + preload.size() + " forced-HTTPS entries read)"));
        }
        if (!plainHops.isEmpty()) {
            List<String> with = plainHops.stream().filter(r -> !r.all("Strict-Transport-Security").isEmpty())
                    .map(r -> r.status() + " " + r.uri()).toList();
            out.add(with.isEmpty()
                    ? Finding.pass("hsts.absent-on-http", "not sent on any of " + plainHops.size() + " plain-HTTP answer(s)")
                    : Finding.warn("hsts.absent-on-http", "sent over plain HTTP on " + String.join(", ", with)
                    + ", where browsers must ignore it (RFC 6797 §8.1): a sign the header is added blindly", Fix.HSTS_HTTP));
        }
        return out;
    }

    // ---------------------------------------------------------------- cookies

    static List<Finding> cookies(List<SetCookie> cookies) {
        List<Finding> out = new ArrayList<>();
        if (cookies.isEmpty()) {
            out.add(Finding.pass("cookies.none", "no cookies set by the page or /robots.txt"));
            return out;
        }
        List<String> notSecure = new ArrayList<>();
        List<String> notHttpOnly = new ArrayList<>();
        List<String> badSameSite = new ArrayList<>();
        List<String> noSameSite = new ArrayList<>();
        List<String> noneWithoutSecure = new ArrayList<>();
        List<String> badPrefix = new ArrayList<>();
        for (SetCookie c : cookies) {
            if (!c.secure()) {
                notSecure.add(c.name());
            }
            if (c.authenticates() && !c.httpOnly()) {
                notHttpOnly.add(c.name());
            }
            if (c.sameSite() == null) {
                noSameSite.add(c.name());
            } else if (!c.sameSiteValid()) {
                badSameSite.add(c.name() + " (SameSite=" + c.sameSite() + ")");
            } else if (c.sameSiteNone() && !c.secure()) {
                noneWithoutSecure.add(c.name());
            }
            String lower = c.name().toLowerCase(Locale.ROOT);
            if (lower.startsWith("__secure-") && !c.secure()) {
                badPrefix.add(c.name() + " lacks Secure");
            }
            if (lower.startsWith("__host-")) {
                if (!c.secure()) {
                    badPrefix.add(c.name() + " lacks Secure");
                }
                if (!"/".equals(c.path())) {
                    badPrefix.add(c.name() + " needs Path=/");
                }
                if (c.domain() != null) {
                    badPrefix.add(c.name() + " must not set Domain");
                }
            }
        }
        out.add(notSecure.isEmpty() ? Finding.pass("cookies.secure", "every cookie is Secure")
                : Finding.fail("cookies.secure", "not Secure: " + String.join(", ", notSecure), Fix.COOKIE_SECURE));
        out.add(notHttpOnly.isEmpty() ? Finding.pass("cookies.http-only", "session/login cookies are HttpOnly")
                : Finding.fail("cookies.http-only", "session cookie readable by scripts (no HttpOnly): "
                + String.join(", ", notHttpOnly), Fix.COOKIE_HTTP_ONLY));
        if (!badSameSite.isEmpty()) {
            out.add(Finding.fail("cookies.same-site", "invalid SameSite (browsers ignore it): "
                    + String.join(", ", badSameSite), Fix.COOKIE_SAME_SITE));
        } else if (!noSameSite.isEmpty()) {
            out.add(Finding.warn("cookies.same-site", "no SameSite: " + String.join(", ", noSameSite),
                    Fix.COOKIE_SAME_SITE));
        } else {
            out.add(Finding.pass("cookies.same-site", "every cookie has a valid SameSite"));
        }
        out.add(noneWithoutSecure.isEmpty() ? Finding.pass("cookies.same-site-none", "no SameSite=None without Secure")
                : Finding.fail("cookies.same-site-none", "SameSite=None without Secure (browsers reject it): "
                + String.join(", ", noneWithoutSecure), Fix.COOKIE_SECURE));
        out.add(badPrefix.isEmpty() ? Finding.pass("cookies.prefixes", "__Host-/__Secure- rules kept")
                : Finding.fail("cookies.prefixes", "prefix rules broken (browsers drop these cookies): "
                + String.join(", ", badPrefix), Fix.COOKIE_PREFIX));
        return out;
    }

    // ---------------------------------------------------------------- headers

    static List<Finding> csp(Response page, HtmlPage html) {
        List<Finding> out = new ArrayList<>();
        List<String> header = page.all("Content-Security-Policy");
        List<String> meta = html == null ? List.of() : html.browserMetaCsp();
        List<String> ignored = html == null ? List.of() : html.ignoredMetaCsp();
        String ignoredNote = ignored.isEmpty() ? "" : "; a <meta> CSP outside <head> is ignored by browsers: "
                + String.join(" | ", ignored);
        if (header.isEmpty() && meta.isEmpty()) {
            boolean reportOnly = page.first("Content-Security-Policy-Report-Only").isPresent();
            out.add(Finding.fail("headers.csp", (reportOnly ? "only Content-Security-Policy-Report-Only: nothing is "
                    + "enforced" : "no Content-Security-Policy header or <meta http-equiv> in <head>") + ignoredNote,
                    Fix.CSP));
            return out;
        }
        Csp csp;
        try {
            Csp h = header.isEmpty() ? Csp.none() : Csp.parse(header);
            Csp m = meta.isEmpty() ? Csp.none() : Csp.parseMeta(meta);
            csp = h.and(m);
        } catch (Csp.InvalidCspException e) {
            out.add(Finding.fail("headers.csp", "Content-Security-Policy cannot be trusted: " + e.getMessage(), Fix.CSP));
            return out;
        }
        List<String> where = new ArrayList<>();
        if (!header.isEmpty()) {
            where.add("header: " + String.join(", ", header));
        }
        if (!meta.isEmpty()) {
            where.add("<meta http-equiv> in <head>: " + String.join(" | ", meta)
                    + (meta.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("frame-ancestors"))
                    ? " (frame-ancestors, report-uri and sandbox are ignored there)" : ""));
        }
        out.add(Finding.pass("headers.csp", "Content-Security-Policy " + String.join("; ", where) + ignoredNote));
        out.add(csp.has("default-src") ? Finding.pass("headers.csp.default-src", "default-src "
                + String.join(" ", csp.get("default-src").orElseThrow()))
                : Finding.fail("headers.csp.default-src", "no default-src: every directive not listed allows any "
                + "source", Fix.CSP));
        Set<String> script = csp.effectiveScriptSources();
        List<String> unsafe = new ArrayList<>();
        if (script.contains("'unsafe-inline'")) {
            unsafe.add("'unsafe-inline'");
        }
        for (String s : script) {
            if (Csp.DANGEROUSLY_BROAD.contains(s) || s.equals("data:") || s.equals("blob:")
                    || s.startsWith("*.") && !s.contains("/") || s.startsWith("http:")) {
                unsafe.add(s);
            }
        }
        if (!csp.has("script-src") && !csp.has("default-src")) {
            unsafe.add("no script-src or default-src (any script)");
        }
        out.add(unsafe.isEmpty() ? Finding.pass("headers.csp.script-src", "scripts limited to " + String.join(" ", script))
                : Finding.fail("headers.csp.script-src", "scripts allowed from " + String.join(", ", unsafe)
                + ": injected markup can run script", Fix.CSP));
        Set<String> style = csp.effective("style-src");
        out.add(script.contains("'unsafe-eval'") || style.contains("'unsafe-eval'")
                ? Finding.fail("headers.csp.unsafe-eval", "'unsafe-eval' allows eval() of injected strings", Fix.CSP)
                : Finding.pass("headers.csp.unsafe-eval", "no 'unsafe-eval'"));
        Set<String> object = csp.effective("object-src");
        if (object.size() == 1 && object.contains("'none'")) {
            out.add(Finding.pass("headers.csp.object-src", "object-src 'none'"));
        } else if (object.stream().anyMatch(s -> Csp.DANGEROUSLY_BROAD.contains(s) || s.equals("data:"))) {
            out.add(Finding.fail("headers.csp.object-src", "plugins allowed from " + String.join(" ", object), Fix.CSP));
        } else {
            out.add(Finding.warn("headers.csp.object-src", "object-src is " + String.join(" ", object)
                    + "; 'none' is safest", Fix.CSP));
        }
        Optional<Set<String>> fa = csp.get("frame-ancestors");
        if (fa.isEmpty()) {
            out.add(Finding.warn("headers.csp.frame-ancestors", "no frame-ancestors (X-Frame-Options is the older "
                    + "equivalent)", Fix.CSP));
        } else if (!csp.restrictsFraming()) {
            out.add(Finding.fail("headers.csp.frame-ancestors", "frame-ancestors " + String.join(" ", fa.get())
                    + " lets any site frame the page", Fix.CSP));
        } else {
            out.add(Finding.pass("headers.csp.frame-ancestors", "frame-ancestors " + String.join(" ", fa.get())));
        }
        return out;
    }

    /** Scripts from other origins: loaded over https: and pinned with integrity, named one by one. */
    static Finding sri(Response page, HtmlPage html) {
        String id = "headers.sri";
        if (html == null) {
            return Finding.pass(id, "not an HTML page: no scripts to pin");
        }
        List<String> insecure = new ArrayList<>();
        List<String> unpinned = new ArrayList<>();
        int external = 0;
        for (HtmlPage.Script s : html.loadedScripts()) {
            URI u;
            try {
                u = page.uri().resolve(s.src());
            } catch (IllegalArgumentException e) {
                continue;
            }
            boolean sameOrigin = String.valueOf(u.getHost()).equalsIgnoreCase(page.uri().getHost())
                    && String.valueOf(u.getScheme()).equalsIgnoreCase(page.uri().getScheme())
                    && Http.port(u) == Http.port(page.uri());
            if (!"https".equalsIgnoreCase(u.getScheme()) && !("http".equalsIgnoreCase(page.uri().getScheme())
                    && sameOrigin)) {
                insecure.add(s.src());
            }
            if (!sameOrigin) {
                external++;
                if (s.integrity() == null || s.integrity().isBlank()) {
                    unpinned.add(s.src());
                }
            }
        }
        if (!insecure.isEmpty()) {
            return Finding.fail(id, "script(s) loaded without TLS, which anyone on the path can replace: "
                    + String.join(", ", insecure), Fix.SRI);
        }
        if (!unpinned.isEmpty()) {
            return Finding.warn(id, "script(s) from other origins without an integrity attribute: "
                    + String.join(", ", unpinned), Fix.SRI);
        }
        return Finding.pass(id, external == 0 ? "no scripts from other origins"
                : external + " script(s) from other origins, each with integrity");
    }

    static Finding nosniff(Response page) {
        Optional<String> v = page.first("X-Content-Type-Options");
        if (v.isPresent() && v.get().trim().equalsIgnoreCase("nosniff")) {
            return Finding.pass("headers.nosniff", "X-Content-Type-Options: nosniff");
        }
        return Finding.fail("headers.nosniff", v.map(x -> "X-Content-Type-Options: " + x + " is not nosniff")
                .orElse("no X-Content-Type-Options: nosniff"), Fix.NOSNIFF);
    }

    static Finding framing(Response page, HtmlPage html) {
        Optional<String> xfo = page.first("X-Frame-Options");
        boolean csp;
        try {
            csp = Csp.parse(page.all("Content-Security-Policy")).restrictsFraming();
        } catch (Csp.InvalidCspException e) {
            csp = false;
        }
        boolean xfoOk = xfo.map(x -> x.trim().equalsIgnoreCase("deny") || x.trim().equalsIgnoreCase("sameorigin"))
                .orElse(false);
        if (csp || xfoOk) {
            return Finding.pass("headers.framing", (csp ? "CSP frame-ancestors" : "")
                    + (csp && xfoOk ? " and " : "") + (xfoOk ? "X-Frame-Options: " + xfo.get() : ""));
        }
        boolean metaOnly = html != null && html.observatoryMetaCsp().stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("frame-ancestors"));
        return Finding.fail("headers.framing", xfo.map(x -> "X-Frame-Options: " + x + " is not DENY/SAMEORIGIN and no "
                + "CSP frame-ancestors").orElse("no X-Frame-Options and no CSP frame-ancestors: the page can be framed "
                + "(clickjacking)") + (metaOnly ? "; frame-ancestors in a <meta> CSP is ignored by browsers (the "
                + "Observatory counts it)" : ""), Fix.FRAMING);
    }

    static Finding referrer(Response page, HtmlPage html) {
        Score.Observation o = Extended.referrer(page, html);
        return switch (o.expectation()) {
            case REFERRER_PRIVATE -> Finding.pass("headers.referrer-policy", o.detail());
            case REFERRER_NOT_IMPLEMENTED -> Finding.warn("headers.referrer-policy", "no Referrer-Policy (browsers "
                    + "default to strict-origin-when-cross-origin; older ones leak full URLs)", Fix.REFERRER);
            case REFERRER_UNSAFE -> Finding.fail("headers.referrer-policy", o.detail() + " leaks URLs to other sites",
                    Fix.REFERRER);
            default -> Finding.fail("headers.referrer-policy", o.detail() + " is not a policy browsers know",
                    Fix.REFERRER);
        };
    }

    static Finding coop(Response page) {
        Score.Observation o = Extended.coop(page);
        return switch (o.expectation()) {
            case COOP_SAME_ORIGIN, COOP_SAME_ORIGIN_ALLOW_POPUPS, COOP_NOOPENER_ALLOW_POPUPS ->
                    Finding.pass("headers.coop", o.detail());
            case COOP_INVALID -> Finding.fail("headers.coop", o.detail() + " is invalid", Fix.COOP);
            default -> Finding.warn("headers.coop", o.detail() + ": other windows keep a handle on this page", Fix.COOP);
        };
    }

    static Finding coep(Response page) {
        Score.Observation o = Extended.coep(page);
        return switch (o.expectation()) {
            case COEP_REQUIRE_CORP, COEP_CREDENTIALLESS -> Finding.pass("headers.coep", o.detail());
            case COEP_INVALID -> Finding.fail("headers.coep", o.detail() + " is invalid", Fix.COEP);
            default -> Finding.pass("headers.coep", o.detail() + " (opt-in: only needed for cross-origin isolation)");
        };
    }

    static Finding corp(Response page) {
        Score.Observation o = Extended.corp(page);
        return switch (o.expectation()) {
            case CORP_SAME_ORIGIN, CORP_SAME_SITE -> Finding.pass("headers.corp", o.detail());
            case CORP_INVALID -> Finding.fail("headers.corp", o.detail() + " is invalid", Fix.CORP);
            default -> Finding.warn("headers.corp", o.detail() + ": other sites may embed this response", Fix.CORP);
        };
    }

    private static final Pattern PERMISSIONS_MEMBER = Pattern.compile(
            "[a-z*][a-z0-9_.*-]*=(\\(\\s*((\\*|self|src|\"[^\"]*\")(\\s+(\\*|self|src|\"[^\"]*\"))*)?\\s*\\)|\\*|self|\"[^\"]*\")"
                    + "(;[a-z*][a-z0-9_.*-]*(=[^,;]*)?)*");

    /** Permissions-Policy is an RFC 8941 dictionary: {@code feature=(allowlist)} members, comma separated. */
    static Finding permissions(Response page) {
        List<String> values = page.all("Permissions-Policy");
        if (values.isEmpty()) {
            return Finding.warn("headers.permissions-policy", "no Permissions-Policy: embedded content may ask for "
                    + "camera, microphone, geolocation", Fix.PERMISSIONS);
        }
        for (String member : String.join(",", values).split(",")) {
            if (!PERMISSIONS_MEMBER.matcher(member.trim()).matches()) {
                return Finding.fail("headers.permissions-policy", "Permissions-Policy member \"" + member.trim()
                        + "\" is not valid structured-field syntax, so browsers ignore the whole header", Fix.PERMISSIONS);
            }
        }
        return Finding.pass("headers.permissions-policy", "Permissions-Policy: " + String.join(", ", values));
    }

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+|/\\s*\\d|\\(\\d");

    static Finding serverVersion(Response page) {
        List<String> leaks = new ArrayList<>();
        for (String h : List.of("Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version")) {
            for (String v : page.all(h)) {
                if (VERSION.matcher(v).find() || !h.equals("Server")) {
                    leaks.add(h + ": " + v);
                }
            }
        }
        return leaks.isEmpty() ? Finding.pass("headers.server-version", "no version in Server / X-Powered-By")
                : Finding.fail("headers.server-version", "leaks software versions: " + String.join("; ", leaks),
                Fix.SERVER_HEADER);
    }

    /** The answer to a request with a made-up {@code Origin}: it must not be reflected. */
    static Finding cors(String id, Response r, String origin) {
        Optional<String> acao = r.first("Access-Control-Allow-Origin");
        boolean credentials = r.first("Access-Control-Allow-Credentials").map(c -> c.trim().equalsIgnoreCase("true"))
                .orElse(false);
        if (acao.isPresent() && acao.get().trim().equals(origin)) {
            return Finding.fail(id, "reflects Origin: " + origin + (credentials
                    ? " with Access-Control-Allow-Credentials: true: any site can read this user's responses"
                    : ": any site is allowed"), Fix.CORS);
        }
        return Finding.pass(id, "Origin: " + origin + " is not reflected" + acao.map(a -> " (Access-Control-Allow-Origin: "
                + a + ")").orElse(""));
    }

    // ---------------------------------------------------------------- behaviour

    static Finding trace(Response r, String marker) {
        boolean echoed = r.body().contains(marker)
                || r.first("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("message/http")).orElse(false);
        if (r.status() >= 200 && r.status() < 300 && echoed) {
            return Finding.fail("behaviour.trace", "TRACE is answered " + r.status() + " and echoes the request "
                    + "(cross-site tracing can read headers such as cookies)", Fix.TRACE);
        }
        return Finding.pass("behaviour.trace", "TRACE answered " + r.status());
    }

    private static final List<Pattern> LEAKS = List.of(
            Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\([\\w$]+\\.(java|kt|scala|groovy):\\d+\\)"),
            Pattern.compile("(java|javax|jakarta|org\\.springframework|org\\.hibernate)\\.[\\w.]*(Exception|Error)\\b"),
            Pattern.compile("Exception in thread"),
            Pattern.compile("Traceback \\(most recent call last\\)"),
            Pattern.compile("You're seeing this error because you have <code>DEBUG = True</code>"),
            Pattern.compile("<b>(Fatal error|Warning|Notice)</b>:.* on line <b>\\d+</b>"),
            Pattern.compile("Whitelabel Error Page[\\s\\S]*There was an unexpected error[\\s\\S]*\\w+Exception"),
            Pattern.compile("Apache Tomcat/[\\d.]+[\\w.-]*"),
            Pattern.compile("Powered by Jetty:// ?[\\d.]+[\\w.-]*"),
            Pattern.compile("<center>nginx/[\\d.]+[^<]*</center>"),
            Pattern.compile("<center>openresty/[\\d.]+[^<]*</center>"),
            Pattern.compile("<address>Apache/\\d[^<]*Server at[^<]*</address>"),
            Pattern.compile("Apache/\\d\\.\\d+(\\.\\d+)?( \\([^)]*\\))?( [\\w.-]+/[\\w.-]+)* Server at"));

    /** The first leak pattern the body shows, if any (a stack frame, a debug page, a version banner). */
    static Optional<String> leak(String body) {
        for (Pattern p : LEAKS) {
            Matcher m = p.matcher(body);
            if (m.find()) {
                return Optional.of(Http.abbreviate(m.group()));
            }
        }
        return Optional.empty();
    }

    static Finding errorPage(String id, String what, Response r) {
        Optional<String> leak = leak(r.body());
        if (leak.isPresent()) {
            return Finding.fail(id, what + " answered " + r.status() + " showing \"" + leak.get() + "\"", Fix.ERROR_PAGES);
        }
        return Finding.pass(id, what + " answered " + r.status() + " without stack traces, debug output or versions");
    }

    // ---------------------------------------------------------------- protected paths

    static Finding protectedPath(String path, Response r) {
        String id = "protected." + path;
        int s = r.status();
        if (s == 401 || s == 403) {
            return Finding.pass(id, path + " denied to an anonymous client with " + s);
        }
        if (r.isRedirect() && r.location().isPresent()) {
            URI to = r.location().get();
            if (to.getPath() != null && to.getPath().equals(r.uri().getPath())
                    && String.valueOf(to.getHost()).equalsIgnoreCase(r.uri().getHost())) {
                return Finding.fail(id, path + " redirects to itself (" + s + " to " + to + "), not to a login page",
                        Fix.PROTECTED);
            }
            return Finding.pass(id, path + " redirects an anonymous client to " + to + " (" + s + ")");
        }
        if (s == 404 || s == 410) {
            return Finding.warn(id, path + " answered " + s + ": hidden or missing, cannot tell (check the path)",
                    Fix.PROTECTED);
        }
        if (s >= 200 && s < 300) {
            return Finding.fail(id, path + " is served to an anonymous client (" + s + ")", Fix.PROTECTED);
        }
        if (s >= 500) {
            return Finding.fail(id, path + " fails with " + s + " instead of denying access", Fix.PROTECTED);
        }
        return Finding.warn(id, path + " answered " + s + ", which is neither a denial nor a login redirect",
                Fix.PROTECTED);
    }
}

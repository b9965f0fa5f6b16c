package io.portcullis.checkup.site;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import io.portcullis.checkup.site.ObservatoryScan.Hop;
import io.portcullis.checkup.site.ObservatoryScan.Retrieved;
import io.portcullis.checkup.site.Score.Observation;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Collator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * The ten tests of the MDN HTTP Observatory 1.4.8 ({@code @mdn/mdn-http-observatory},
 * {@code src/analyzer/tests/*.js} and {@code src/analyzer/cspParser.js}), ported line by line so
 * the number is the Observatory's, known bugs included:
 * <ul>
 *   <li>CORS never finds "universal access": it looks for the request's {@code Origin} on the
 *       response object, where there is none, so a reflecting server scores "restricted";</li>
 *   <li>{@code /robots.txt} cookies are lost (its client has no jar) unless the certificate
 *       failed to verify;</li>
 *   <li>{@code frame-ancestors} from a {@code <meta>} CSP counts for X-Frame-Options, although
 *       browsers ignore it there;</li>
 *   <li>an HSTS {@code max-age} that is not a number parses to NaN, which is "at least six
 *       months";</li>
 *   <li>repeated header fields are read joined with {@code ", "} (Node's parser), so two CSP
 *       headers are one policy with a comma inside.</li>
 * </ul>
 * checkup's own findings say what is really there; this class only reproduces the number.
 */
final class Observatory {

    static final String VERSION = "@mdn/mdn-http-observatory 1.4.8";
    static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");
    private static final Set<String> DANGEROUSLY_BROAD = Set.of("ftp:", "http:", "https:", "*", "http://*",
            "http://*.*", "https://*", "https://*.*");
    private static final Set<String> UNSAFE_INLINE = Set.of("'unsafe-inline'", "data:");
    private static final List<String> PASSIVE = List.of("img-src", "media-src");
    private static final List<String> NONCES_HASHES = List.of("'sha256-", "'sha384-", "'sha512-", "'nonce-");
    private static final String DUPLICATE_WARNINGS = "_observatory_duplicate_key_warnings";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int SIX_MONTHS = 15552000;

    private Observatory() {
    }

    /** The page's HTML as the Observatory reads it, or null when it is not HTML to it. */
    record Page(String text, HtmlPage html) {
    }

    /** Runs the ten tests in the Observatory's order. */
    static List<Observation> tests(Retrieved r, HstsPreload preload) {
        Page page = page(r.auto());
        CspResult csp = csp(r, page);
        Observation hsts = hsts(r, preload);
        boolean hstsPass = hsts.expectation() == Expectation.HSTS_AT_LEAST_SIX_MONTHS
                || hsts.expectation() == Expectation.HSTS_PRELOADED;
        return List.of(csp.observation(), cookies(r, hstsPass), cors(r), redirection(r, preload), referrer(r, page),
                hsts, sri(r, page), xcto(r), xfo(r, csp), corp(r));
    }

    /** The Observatory scores only 2xx, 3xx, 401 and 403 answers; otherwise it stops with this error. */
    static Optional<String> refusal(Retrieved r) {
        if (r.auto() == null) {
            return Optional.of("The site seems to be down.");
        }
        int status = r.auto().status();
        if (status < 200 || status >= 400 && status != 401 && status != 403) {
            return Optional.of("Site did respond with an unexpected HTTP status code " + status + ".");
        }
        return Optional.empty();
    }

    static Page page(Response auto) {
        if (auto == null || !isHtml(auto) || auto.body().isEmpty()) {
            return new Page(auto == null ? null : auto.body(), null);
        }
        return new Page(auto.body(), HtmlPage.parse(auto.body()));
    }

    /** {@code content-type} before any {@code ;}, compared exactly (case-sensitive) as the Observatory does. */
    static boolean isHtml(Response r) {
        return HTML_TYPES.contains(ObservatoryScan.nodeHeader(r, "Content-Type").orElse("").split(";", -1)[0]);
    }

    // ------------------------------------------------------------------------------------ CSP

    /** The CSP outcome and the parsed policy the X-Frame-Options test reads ({@code csp.data}). */
    record CspResult(Observation observation, Map<String, Set<String>> data) {
    }

    static CspResult csp(Retrieved r, Page page) {
        Response response = r.auto();
        if (response == null || r.session() == null) {
            return new CspResult(new Observation(Expectation.CSP_NOT_IMPLEMENTED, "no answer"), null);
        }
        List<String> header = ObservatoryScan.nodeHeader(response, "Content-Security-Policy").map(List::of)
                .orElse(List.of());
        List<String> equiv = page.html() == null ? List.of() : page.html().observatoryMetaCsp();
        List<String> both = new ArrayList<>(header);
        both.addAll(equiv);
        String detail = "Content-Security-Policy" + (header.isEmpty() ? "" : " header: " + String.join(", ", header))
                + (equiv.isEmpty() ? "" : " <meta>: " + String.join(" | ", equiv));
        Map<String, Set<String>> csp;
        try {
            csp = parseCsp(both);
        } catch (IllegalArgumentException e) {
            return new CspResult(new Observation(Expectation.CSP_HEADER_INVALID, e.getMessage()), null);
        }
        Map<String, Set<String>> headerOnly;
        try {
            headerOnly = parseCsp(header);
        } catch (IllegalArgumentException e) {
            headerOnly = Map.of();
        }
        Map<String, Set<String>> meta;
        try {
            meta = parseCsp(equiv);
            List.of("frame-ancestors", "report-uri", "sandbox").forEach(meta::remove);
        } catch (IllegalArgumentException e) {
            meta = Map.of();
        }
        if (headerOnly.size() + meta.size() == 0) {
            boolean reporting = ObservatoryScan.nodeHeader(response, "Content-Security-Policy-Report-Only")
                    .filter(v -> !v.isEmpty()).isPresent();
            return new CspResult(reporting
                    ? new Observation(Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING, "only Content-Security-Policy-Report-Only")
                    : new Observation(Expectation.CSP_NOT_IMPLEMENTED, "no Content-Security-Policy"), null);
        }
        Set<String> object = first(csp, "object-src", "default-src");
        Set<String> script = first(csp, "script-src", "default-src");
        Set<String> style = first(csp, "style-src", "default-src");
        for (Set<String> list : List.of(script, style)) {
            if (startsWithNonceHash(list) && list.contains("'unsafe-inline'")) {
                list.remove("'unsafe-inline'");
            }
        }
        Expectation result = null;
        if (startsWithNonceHash(script) && script.contains("'strict-dynamic'")) {
            script.removeIf(s -> DANGEROUSLY_BROAD.stream().anyMatch(s::startsWith) || s.equals("'self'")
                    || s.equals("'unsafe-inline'"));
        } else if (script.contains("'strict-dynamic'")) {
            result = Expectation.CSP_HEADER_INVALID;
        }
        List<String> active = new ArrayList<>();
        csp.forEach((k, v) -> {
            if (!PASSIVE.contains(k) && !k.equals("script-src")) {
                active.addAll(v);
            }
        });
        active.addAll(script);
        List<String> passive = new ArrayList<>();
        for (String d : PASSIVE) {
            Set<String> v = csp.containsKey(d) ? csp.get(d) : csp.get("default-src");
            if (v != null) {
                passive.addAll(v);
            }
        }
        boolean https = "https".equalsIgnoreCase(r.session().url.getScheme());
        if (script.stream().anyMatch(s -> DANGEROUSLY_BROAD.contains(s) || UNSAFE_INLINE.contains(s))
                || object.stream().anyMatch(DANGEROUSLY_BROAD::contains)) {
            result = result == null ? Expectation.CSP_UNSAFE_INLINE : result;
        }
        if (https && active.stream().anyMatch(Observatory::insecure)) {
            result = result == null ? Expectation.CSP_INSECURE_SCHEME : result;
        }
        if (script.contains("'unsafe-eval'") || style.contains("'unsafe-eval'")) {
            result = result == null ? Expectation.CSP_UNSAFE_EVAL : result;
        }
        if (https && passive.stream().anyMatch(Observatory::insecure)) {
            result = result == null ? Expectation.CSP_INSECURE_SCHEME_PASSIVE_ONLY : result;
        }
        if (style.stream().anyMatch(s -> DANGEROUSLY_BROAD.contains(s) || UNSAFE_INLINE.contains(s))) {
            result = result == null ? Expectation.CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY : result;
        }
        Set<String> def = csp.get("default-src");
        if (def != null && def.contains("'none'") && def.size() == 1) {
            result = result == null ? Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE : result;
        } else {
            result = result == null ? Expectation.CSP_NO_UNSAFE : result;
        }
        if (List.of(Expectation.CSP_NO_UNSAFE, Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE,
                Expectation.CSP_UNSAFE_INLINE_IN_STYLE_SRC_ONLY, Expectation.CSP_INSECURE_SCHEME_PASSIVE_ONLY)
                .contains(result) && csp.containsKey(DUPLICATE_WARNINGS)) {
            result = Expectation.CSP_DUPLICATE_DIRECTIVES;
        }
        Map<String, Set<String>> data = new LinkedHashMap<>(csp);
        data.remove(DUPLICATE_WARNINGS);
        return new CspResult(new Observation(result, detail), data);
    }

    /** {@code csp.get(a) || csp.get(b) || new Set(["*"])}: the live set, so removals show later. */
    private static Set<String> first(Map<String, Set<String>> csp, String a, String b) {
        Set<String> s = csp.get(a);
        if (s == null) {
            s = csp.get(b);
        }
        return s == null ? new LinkedHashSet<>(Set.of("*")) : s;
    }

    private static boolean startsWithNonceHash(Set<String> sources) {
        return sources.stream().anyMatch(s -> NONCES_HASHES.stream().anyMatch(s::startsWith));
    }

    private static boolean insecure(String s) {
        return s.startsWith("http:") || s.startsWith("ftp:");
    }

    /** A CSP source with the parser's bookkeeping ({@code {source, index, keep}}). */
    private static final class Source {
        final String source;
        final int index;
        boolean keep;

        Source(String source, int index, boolean keep) {
            this.source = source;
            this.index = index;
            this.keep = keep;
        }
    }

    /** {@code parseCsp} of {@code cspParser.js}: throws for a too-short policy or a repeated directive. */
    static Map<String, Set<String>> parseCsp(List<String> cspList) {
        List<String> clean = cspList.stream().map(s -> s.replaceAll("[\\r\\n]", "").strip()).toList();
        if (clean.isEmpty()) {
            return new LinkedHashMap<>();
        }
        for (String s : clean) {
            if (s.isEmpty() || s.length() < "img-src".length() - 1) {
                throw new IllegalArgumentException("Invalid policy: " + s);
            }
        }
        Collator collator = Collator.getInstance(Locale.ENGLISH);
        Map<String, List<Source>> csp = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int pi = 0; pi < clean.size(); pi++) {
            Set<String> seen = new HashSet<>();
            for (String entry : clean.get(pi).split(";", -1)) {
                String[] parts = WHITESPACE.split(entry.strip(), -1);
                if (parts.length == 0 || parts[0].isEmpty()) {
                    continue;
                }
                String directive = parts[0].toLowerCase(Locale.ROOT);
                if (!seen.add(directive)) {
                    if (directive.equals("report-uri") || directive.equals("report-to")) {
                        duplicates.add(directive);
                    } else {
                        throw new IllegalArgumentException("Duplicate directive " + directive + " in policy " + pi);
                    }
                }
                boolean keep = pi == 0;
                List<Source> values = new ArrayList<>();
                if (parts.length > 1) {
                    for (int i = 1; i < parts.length; i++) {
                        values.add(new Source(parts[i].strip().toLowerCase(Locale.ROOT), pi, keep));
                    }
                } else if (directive.endsWith("-src")) {
                    values.add(new Source("'none'", pi, keep));
                }
                List<Source> combined = new ArrayList<>(pi == 0 ? List.of() : csp.getOrDefault(directive, List.of()));
                combined.addAll(values);
                combined.sort((x, y) -> collator.compare(x.source, y.source));
                for (int i = 1; i < combined.size(); i++) {
                    Source source = combined.get(i);
                    Source prev = combined.get(i - 1);
                    if (source.index == prev.index && source.source.startsWith(prev.source)) {
                        source.keep = false;
                    }
                    if (source.index != prev.index && pathPartMatch(prev.source, source.source)) {
                        source.keep = true;
                    }
                }
                csp.put(directive, new ArrayList<>(combined.stream().filter(s -> s.keep).toList()));
                if (pi == 0 && cspList.size() > 1) {
                    csp.get(directive).forEach(s -> s.keep = false);
                }
            }
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        csp.forEach((d, sources) -> {
            Set<String> set = new LinkedHashSet<>();
            sources.forEach(s -> set.add(s.source));
            out.put(d, set.isEmpty() ? new LinkedHashSet<>(Set.of("'none'")) : set);
        });
        if (!duplicates.isEmpty()) {
            out.put(DUPLICATE_WARNINGS, duplicates);
        }
        return out;
    }

    private static boolean pathPartMatch(String a, String b) {
        if (a.isEmpty()) {
            return true;
        }
        if (a.equals("/") && b.isEmpty()) {
            return true;
        }
        boolean exact = !a.endsWith("/");
        List<String> la = new ArrayList<>(List.of(a.split("/", -1)));
        List<String> lb = List.of(b.split("/", -1));
        if (la.size() > lb.size()) {
            return false;
        }
        if (exact && la.size() != lb.size()) {
            return false;
        }
        if (!exact) {
            la.remove(la.size() - 1);
        }
        for (int i = 0; i < la.size(); i++) {
            if (!decodeUriComponent(la.get(i)).equals(decodeUriComponent(lb.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** JavaScript's {@code decodeURIComponent}: a malformed escape throws (and so fails the parse). */
    static String decodeUriComponent(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                flush(bytes, out);
                out.append(c);
                i++;
                continue;
            }
            if (i + 2 >= s.length()) {
                throw new IllegalArgumentException("URI malformed");
            }
            try {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("URI malformed", e);
            }
            i += 3;
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("URI malformed", e);
        }
        bytes.reset();
    }

    // ------------------------------------------------------------------------------------ cookies

    private static final List<Expectation> COOKIE_ORDER = List.of(
            Expectation.COOKIES_WITHOUT_SECURE_BUT_HSTS, Expectation.COOKIES_WITHOUT_SECURE,
            Expectation.COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS, Expectation.COOKIES_SAMESITE_INVALID,
            Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE, Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY,
            Expectation.COOKIES_SESSION_WITHOUT_SECURE);

    private static Expectation worse(Expectation candidate, Expectation now) {
        if (now == null) {
            return candidate;
        }
        return COOKIE_ORDER.indexOf(candidate) > COOKIE_ORDER.indexOf(now) ? candidate : now;
    }

    static Observation cookies(Retrieved r, boolean hsts) {
        Expectation result = null;
        if (r.auto() != null) {
            for (String raw : r.auto().all("Set-Cookie")) {
                if (invalidSameSite(raw)) {
                    result = worse(Expectation.COOKIES_SAMESITE_INVALID, result);
                }
            }
        }
        List<CookieJar.Stored> all = r.session() == null ? List.of() : r.session().jar.all().stream()
                .filter(c -> !c.name().equals("heroku-session-affinity")).toList();
        if (all.isEmpty()) {
            return new Observation(Expectation.COOKIES_NOT_FOUND, "no cookies in the session's jar");
        }
        boolean missingSameSite = false;
        for (CookieJar.Stored c : all) {
            String key = c.name().toLowerCase(Locale.ROOT);
            boolean session = key.contains("login") || key.contains("sess");
            boolean csrf = key.contains("csrf");
            if (!c.secure() && "none".equals(c.sameSite())) {
                result = worse(Expectation.COOKIES_SAMESITE_INVALID, result);
            }
            if (!c.secure()) {
                result = worse(hsts ? Expectation.COOKIES_WITHOUT_SECURE_BUT_HSTS : Expectation.COOKIES_WITHOUT_SECURE,
                        result);
            }
            if (csrf && c.sameSite() == null) {
                result = worse(Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE, result);
            }
            if (session && !c.secure()) {
                result = worse(hsts ? Expectation.COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS
                        : Expectation.COOKIES_SESSION_WITHOUT_SECURE, result);
            }
            if (session && !c.httpOnly()) {
                result = worse(Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY, result);
            }
            missingSameSite |= c.sameSite() == null;
        }
        if (result == null) {
            result = missingSameSite ? Expectation.COOKIES_SECURE_HTTPONLY : Expectation.COOKIES_SECURE_HTTPONLY_SAMESITE;
        }
        return new Observation(result, all.size() + " cookie(s) in the jar: "
                + String.join(", ", all.stream().map(CookieJar.Stored::name).toList()));
    }

    private static boolean invalidSameSite(String cookie) {
        for (String p : cookie.strip().split(";", -1)) {
            String[] kv = p.strip().split("=", -1);
            if (kv[0].strip().toLowerCase(Locale.ROOT).equals("samesite")) {
                if (kv.length < 2 || kv[1].isEmpty()) {
                    return true;
                }
                if (!List.of("lax", "strict", "none").contains(kv[1].strip().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------ CORS

    static Observation cors(Retrieved r) {
        Optional<String> acao = ObservatoryScan.nodeHeader(r.cors(), "Access-Control-Allow-Origin");
        if (r.cors() == null || acao.isEmpty() || acao.get().isEmpty()) {
            return new Observation(Expectation.CORS_NOT_IMPLEMENTED, "no Access-Control-Allow-Origin on the preflight");
        }
        String data = acao.get().substring(0, Math.min(256, acao.get().length())).strip().toLowerCase(Locale.ROOT);
        if (data.equals("*")) {
            return new Observation(Expectation.CORS_PUBLIC, "Access-Control-Allow-Origin: *");
        }
        // 1.4.8 reads Origin from the response's request object, which has no headers field: never equal
        return new Observation(Expectation.CORS_RESTRICTED, "Access-Control-Allow-Origin: " + acao.get()
                + " (the Observatory never compares it with the Origin it sent)");
    }

    // ------------------------------------------------------------------------------------ redirection

    static Observation redirection(Retrieved r, HstsPreload preload) {
        Response response = r.http().response;
        if (response == null) {
            return new Observation(Expectation.REDIRECTION_NOT_NEEDED_NO_HTTP, "no answer over plain HTTP at "
                    + r.http().url);
        }
        if (!r.http().verified) {
            return new Observation(Expectation.REDIRECTION_INVALID_CERT, "the chain reaches HTTPS with a certificate "
                    + "that does not verify");
        }
        List<Hop> route = r.http().history;
        String detail = String.join(" -> ", route.stream().map(h -> h.status() + " " + h.url()).toList());
        if (route.stream().allMatch(h -> preload.preloaded(h.url().getHost()).isPresent())) {
            return new Observation(Expectation.REDIRECTION_ALL_PRELOADED, detail);
        }
        if (route.size() == 1) {
            return new Observation(Expectation.REDIRECTION_MISSING, detail);
        }
        if (!"https".equalsIgnoreCase(route.get(route.size() - 1).url().getScheme())) {
            return new Observation(Expectation.REDIRECTION_NOT_TO_HTTPS, detail);
        }
        if ("http".equalsIgnoreCase(route.get(1).url().getScheme())) {
            return new Observation(Expectation.REDIRECTION_NOT_TO_HTTPS_ON_INITIAL, detail);
        }
        if ("http".equalsIgnoreCase(route.get(0).url().getScheme()) && "https".equalsIgnoreCase(route.get(1).url()
                .getScheme()) && !String.valueOf(route.get(0).url().getHost()).equalsIgnoreCase(route.get(1).url()
                .getHost())) {
            return new Observation(Expectation.REDIRECTION_OFF_HOST_FROM_HTTP, detail);
        }
        return new Observation(Expectation.REDIRECTION_TO_HTTPS, detail);
    }

    // ------------------------------------------------------------------------------------ referrer

    static Observation referrer(Retrieved r, Page page) {
        if (r.auto() == null) {
            return new Observation(Expectation.REFERRER_NOT_IMPLEMENTED, "no answer");
        }
        List<String> values = new ArrayList<>();
        ObservatoryScan.nodeHeader(r.auto(), "Referrer-Policy").ifPresent(values::add);
        if (page.html() != null) {
            page.html().observatoryMetaReferrer().ifPresent(values::add);
        }
        if (values.isEmpty()) {
            return new Observation(Expectation.REFERRER_NOT_IMPLEMENTED, "no Referrer-Policy header or <meta name=referrer>");
        }
        List<String> good = List.of("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
        List<String> bad = List.of("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade");
        String data = String.join(", ", values);
        String policy = "";
        for (String token : data.split(",", -1)) {
            String t = token.toLowerCase(Locale.ROOT).strip();
            if (good.contains(t) || bad.contains(t)) {
                policy = t;
            }
        }
        String detail = "Referrer-Policy: " + data;
        return new Observation(good.contains(policy) ? Expectation.REFERRER_PRIVATE
                : bad.contains(policy) ? Expectation.REFERRER_UNSAFE : Expectation.REFERRER_INVALID, detail);
    }

    // ------------------------------------------------------------------------------------ HSTS

    static Observation hsts(Retrieved r, HstsPreload preload) {
        Response response = r.https().response;
        Expectation result = Expectation.HSTS_NOT_IMPLEMENTED;
        String detail = "no Strict-Transport-Security";
        if (response == null) {
            result = Expectation.HSTS_NO_HTTPS;
            detail = "no answer over HTTPS at " + r.https().url;
        } else if (!r.https().verified) {
            result = Expectation.HSTS_INVALID_CERT;
            detail = "the HTTPS certificate does not verify";
        } else {
            Optional<String> header = ObservatoryScan.nodeHeader(response, "Strict-Transport-Security");
            if (header.isPresent()) {
                String data = header.get().substring(0, Math.min(1024, header.get().length()));
                detail = "Strict-Transport-Security: " + data;
                Double maxAge = null;
                boolean invalid = data.contains(",");
                for (String p : data.split(";", -1)) {
                    String parameter = p.strip().toLowerCase(Locale.ROOT);
                    if (parameter.startsWith("max-age=")) {
                        maxAge = parseInt(parameter.substring(8, Math.min(128, parameter.length())));
                    }
                }
                if (invalid || maxAge == null) {
                    result = Expectation.HSTS_INVALID;
                } else {
                    // NaN < SIX_MONTHS is false in JavaScript too: a non-number is "at least six months"
                    result = maxAge < SIX_MONTHS ? Expectation.HSTS_LESS_THAN_SIX_MONTHS
                            : Expectation.HSTS_AT_LEAST_SIX_MONTHS;
                }
            }
        }
        if (response != null && preload.preloaded(r.hostname()).isPresent()) {
            return new Observation(Expectation.HSTS_PRELOADED, r.hostname() + " is on the HSTS preload list");
        }
        return new Observation(result, detail);
    }

    /** JavaScript {@code parseInt(s, 10)}: leading digits after blanks and a sign, NaN when none. */
    static double parseInt(String s) {
        String t = s.stripLeading();
        int i = 0;
        boolean negative = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            negative = t.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            return Double.NaN;
        }
        double v = Double.parseDouble(t.substring(start, i));
        return negative ? -v : v;
    }

    // ------------------------------------------------------------------------------------ SRI

    static Observation sri(Retrieved r, Page page) {
        Response resp = r.auto();
        if (resp == null) {
            return new Observation(Expectation.SRI_NO_SCRIPTS, "no answer");
        }
        if (!isHtml(resp)) {
            return new Observation(Expectation.SRI_NOT_HTML, "Content-Type is not text/html or application/xhtml+xml");
        }
        HtmlPage html = page.html() != null ? page.html() : HtmlPage.parse(page.text() == null ? "" : page.text());
        List<Element> scripts = html.observatoryScripts();
        List<Expectation> order = List.of(Expectation.SRI_ALL_SCRIPTS_SECURE, Expectation.SRI_EXTERNAL_SCRIPTS_SECURE,
                Expectation.SRI_EXTERNAL_INSECURE, Expectation.SRI_MISSING_EXTERNAL_SECURE,
                Expectation.SRI_MISSING_EXTERNAL_INSECURE, Expectation.SRI_NOT_HTML);
        Expectation result = null;
        boolean foreign = false;
        List<String> external = new ArrayList<>();
        boolean sessionHttps = r.session() != null && "https".equalsIgnoreCase(r.session().url.getScheme());
        String siteDomain = registrableDomain(r.hostname());
        for (Element script : scripts) {
            String src = HtmlPage.reflectedSrc(script);
            if (src.isEmpty()) {
                continue;
            }
            String integrity = script.hasAttr("integrity") ? script.attr("integrity") : null;
            boolean hasIntegrity = integrity != null && !integrity.isEmpty();
            boolean relativeOrigin = false;
            boolean relativeProtocol = false;
            boolean sameDomain = false;
            if (src.matches("(?s)^//[^/].*")) {
                relativeProtocol = true;
                sameDomain = true;
            } else if (src.matches("(?s)^https?://.*")) {
                sameDomain = java.util.Objects.equals(registrableDomain(hostOf(src)), siteDomain);
            } else {
                relativeOrigin = true;
                sameDomain = true;
            }
            boolean secureOrigin = relativeOrigin || sameDomain && !relativeProtocol;
            if (!secureOrigin) {
                foreign = true;
            }
            String scheme = !relativeProtocol && !relativeOrigin ? src.substring(0, src.indexOf(':') + 1) : null;
            boolean secureScheme = "https:".equals(scheme) || relativeOrigin && sessionHttps;
            if (!secureOrigin) {
                external.add(src);
                if (hasIntegrity && !secureScheme) {
                    result = worseSri(Expectation.SRI_EXTERNAL_INSECURE, result, order);
                } else if (!hasIntegrity && secureScheme) {
                    result = worseSri(Expectation.SRI_MISSING_EXTERNAL_SECURE, result, order);
                } else if (!hasIntegrity) {
                    result = worseSri(Expectation.SRI_MISSING_EXTERNAL_INSECURE, result, order);
                }
            } else if (hasIntegrity && secureScheme && result == null) {
                result = Expectation.SRI_ALL_SCRIPTS_SECURE;
            }
        }
        if (scripts.isEmpty()) {
            result = Expectation.SRI_NO_SCRIPTS;
        } else if (result == null) {
            result = foreign ? Expectation.SRI_EXTERNAL_SCRIPTS_SECURE : Expectation.SRI_SAME_ORIGIN_ONLY;
        }
        return new Observation(result, scripts.size() + " <script> element(s)" + (external.isEmpty() ? ""
                : "; from other sites: " + String.join(", ", external)));
    }

    private static Expectation worseSri(Expectation candidate, Expectation now, List<Expectation> order) {
        if (now == null) {
            return candidate;
        }
        return order.indexOf(candidate) > order.indexOf(now) ? candidate : now;
    }

    private static String hostOf(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String host = rest.substring(0, end);
        host = host.contains("@") ? host.substring(host.lastIndexOf('@') + 1) : host;
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    /**
     * The registrable domain as {@code tldts} computes it (ICANN section of the Public Suffix
     * List, the {@code *} rule for unknown suffixes): null for an IP address, a single label such
     * as {@code localhost}, or a public suffix itself.
     */
    static String registrableDomain(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") || InetAddresses.isInetAddress(h)) {
            return null;
        }
        try {
            InternetDomainName name = InternetDomainName.from(h);
            if (name.isUnderRegistrySuffix()) {
                return name.topDomainUnderRegistrySuffix().toString();
            }
            if (name.isRegistrySuffix()) {
                return null;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a domain name guava accepts: fall back to the * rule
        }
        String[] labels = h.split("\\.");
        return labels.length < 2 ? null : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    // ------------------------------------------------------------------------------------ headers

    static Observation xcto(Retrieved r) {
        Optional<String> v = ObservatoryScan.nodeHeader(r.auto(), "X-Content-Type-Options").filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return new Observation(Expectation.XCTO_NOT_IMPLEMENTED, "no X-Content-Type-Options");
        }
        String data = v.get().substring(0, Math.min(256, v.get().length()));
        return data.strip().equalsIgnoreCase("nosniff") ? new Observation(Expectation.XCTO_NOSNIFF, "nosniff")
                : new Observation(Expectation.XCTO_INVALID, "X-Content-Type-Options: " + v.get());
    }

    static Observation xfo(Retrieved r, CspResult csp) {
        Optional<String> v = ObservatoryScan.nodeHeader(r.auto(), "X-Frame-Options").filter(s -> !s.isEmpty());
        Expectation e;
        String detail;
        if (v.isPresent()) {
            String xfo = v.get().substring(0, Math.min(1024, v.get().length())).strip().toLowerCase(Locale.ROOT);
            e = xfo.equals("deny") || xfo.equals("sameorigin") ? Expectation.XFO_SAMEORIGIN_OR_DENY
                    : xfo.startsWith("allow-from") ? Expectation.XFO_ALLOW_FROM : Expectation.XFO_INVALID;
            detail = "X-Frame-Options: " + v.get();
        } else {
            e = Expectation.XFO_NOT_IMPLEMENTED;
            detail = "no X-Frame-Options";
        }
        if (csp.data() != null && csp.data().containsKey("frame-ancestors")) {
            return new Observation(Expectation.XFO_VIA_CSP, "frame-ancestors in the CSP (header or <meta>)");
        }
        return new Observation(e, detail);
    }

    static Observation corp(Retrieved r) {
        Optional<String> v = ObservatoryScan.nodeHeader(r.auto(), "Cross-Origin-Resource-Policy").filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return new Observation(Expectation.CORP_NOT_IMPLEMENTED, "no Cross-Origin-Resource-Policy");
        }
        String c = v.get().substring(0, Math.min(256, v.get().length())).strip().toLowerCase(Locale.ROOT);
        String detail = "Cross-Origin-Resource-Policy: " + v.get();
        return switch (c) {
            case "same-site" -> new Observation(Expectation.CORP_SAME_SITE, detail);
            case "same-origin" -> new Observation(Expectation.CORP_SAME_ORIGIN, detail);
            case "cross-origin" -> new Observation(Expectation.CORP_CROSS_ORIGIN, detail);
            default -> new Observation(Expectation.CORP_INVALID, detail);
        };
    }

    /** The URI of an answer, for messages. */
    static String where(URI u) {
        return u == null ? "" : u.toString();
    }
}

package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.WireToken;
import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Set-Cookie hardening settings ({@code portcullis.cookies.*}, {@code portcullis.report-only.cookies}).
 * Validates itself on construction (RFC 6265bis: {@code SameSite=None} and {@code Partitioned}
 * need {@code Secure}; names are tokens); equality is structural.
 *
 * @param secure         when cookies get Secure (default when-secure)
 * @param httpOnly       add HttpOnly (default true)
 * @param httpOnlyExempt names left readable by scripts
 * @param sameSite       default SameSite (default Lax)
 * @param overrides      SameSite per cookie name, winning over the application
 * @param partitioned    add Partitioned (default false)
 * @param session        harden the container's session cookie (default true)
 * @param reportOnly     log rewrites instead of applying them (default false)
 */
record CookiePolicy(CookieSecure secure, boolean httpOnly, List<String> httpOnlyExempt, SameSite sameSite,
        Map<String, SameSite> overrides, boolean partitioned, boolean session, boolean reportOnly) {

    static final Map<String, String> KEYS = Policies.keys(
            "portcullis.cookies.secure", "when-secure",
            "portcullis.cookies.http-only", "true",
            "portcullis.cookies.http-only-exempt", "",
            "portcullis.cookies.same-site", "Lax",
            "portcullis.cookies.same-site-overrides", "",
            "portcullis.cookies.partitioned", "false",
            "portcullis.cookies.session", "true",
            "portcullis.report-only.cookies", "false");

    static final CookiePolicy DEFAULTS = new CookiePolicy(CookieSecure.WHEN_SECURE, true, List.of(), SameSite.LAX, Map.of(),
            false, true, false);

    CookiePolicy {
        Objects.requireNonNull(secure, "secure");
        Objects.requireNonNull(sameSite, "sameSite");
        httpOnlyExempt = List.copyOf(httpOnlyExempt);
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        if (secure == CookieSecure.OFF) {
            if (sameSite == SameSite.NONE) {
                throw new ConfigException("portcullis.cookies.same-site=None requires Secure, but portcullis.cookies.secure=off");
            }
            overrides.forEach((name, s) -> {
                if (s == SameSite.NONE) {
                    throw new ConfigException("portcullis.cookies.same-site-overrides gives " + name
                            + " SameSite=None, which requires Secure, but portcullis.cookies.secure=off");
                }
            });
            if (partitioned) {
                throw new ConfigException("portcullis.cookies.partitioned=true requires Secure, but portcullis.cookies.secure=off");
            }
        }
        for (String name : httpOnlyExempt) {
            Policies.checkToken("portcullis.cookies.http-only-exempt", name);
        }
        for (String name : overrides.keySet()) {
            Policies.checkToken("portcullis.cookies.same-site-overrides", name);
        }
    }

    static CookiePolicy read(ConfigReader r) {
        CookiePolicy d = DEFAULTS;
        Map<String, SameSite> overrides = new LinkedHashMap<>();
        for (String entry : r.list("portcullis.cookies.same-site-overrides", List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw r.bad("portcullis.cookies.same-site-overrides",
                        "must be a list of cookie-name=SameSite entries (SameSite: Lax, Strict, None or off)", entry);
            }
            String name = entry.substring(0, eq).trim();
            overrides.put(name, WireToken.lookup(SameSite.class, "portcullis.cookies.same-site-overrides (" + name + ")",
                    entry.substring(eq + 1).trim()));
        }
        return new CookiePolicy(
                r.token("portcullis.cookies.secure", d.secure, CookieSecure.class),
                r.bool("portcullis.cookies.http-only", d.httpOnly),
                r.list("portcullis.cookies.http-only-exempt", d.httpOnlyExempt),
                r.token("portcullis.cookies.same-site", d.sameSite, SameSite.class),
                overrides,
                r.bool("portcullis.cookies.partitioned", d.partitioned),
                r.bool("portcullis.cookies.session", d.session),
                r.bool("portcullis.report-only.cookies", d.reportOnly));
    }

    @Override
    public String toString() {
        Map<String, String> o = new LinkedHashMap<>();
        overrides.forEach((k, v) -> o.put(k, v.token()));
        return "cookies: secure=" + secure.token() + " http-only=" + httpOnly + " exempt=" + httpOnlyExempt
                + " same-site=" + sameSite.token() + " overrides=" + o + " partitioned=" + partitioned
                + " session=" + session + (reportOnly ? " (report-only)" : "");
    }
}

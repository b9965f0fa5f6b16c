package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static final CookiePolicy DEFAULTS = new CookiePolicy(HardeningKeys.COOKIES_SECURE.defaultValue(),
            HardeningKeys.COOKIES_HTTP_ONLY.defaultValue(), HardeningKeys.COOKIES_HTTP_ONLY_EXEMPT.defaultValue(),
            HardeningKeys.COOKIES_SAME_SITE.defaultValue(), HardeningKeys.COOKIES_SAME_SITE_OVERRIDES.defaultValue(),
            HardeningKeys.COOKIES_PARTITIONED.defaultValue(), HardeningKeys.COOKIES_SESSION.defaultValue(),
            HardeningKeys.REPORT_ONLY_COOKIES.defaultValue());

    CookiePolicy {
        HardeningKeys.COOKIES_SECURE.check(secure);
        HardeningKeys.COOKIES_SAME_SITE.check(sameSite);
        httpOnlyExempt = List.copyOf(HardeningKeys.COOKIES_HTTP_ONLY_EXEMPT.check(httpOnlyExempt));
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(HardeningKeys.COOKIES_SAME_SITE_OVERRIDES.check(overrides)));
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
    }

    static CookiePolicy read(ConfigReader r) {
        return new CookiePolicy(r.get(HardeningKeys.COOKIES_SECURE), r.get(HardeningKeys.COOKIES_HTTP_ONLY),
                r.get(HardeningKeys.COOKIES_HTTP_ONLY_EXEMPT), r.get(HardeningKeys.COOKIES_SAME_SITE),
                r.get(HardeningKeys.COOKIES_SAME_SITE_OVERRIDES), r.get(HardeningKeys.COOKIES_PARTITIONED),
                r.get(HardeningKeys.COOKIES_SESSION), r.get(HardeningKeys.REPORT_ONLY_COOKIES));
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

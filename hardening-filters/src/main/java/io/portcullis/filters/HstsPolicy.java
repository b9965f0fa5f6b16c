package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import java.util.Map;

/**
 * Strict-Transport-Security (RFC 6797) settings, {@code portcullis.hsts.*}. Validates itself on
 * construction (no clamping: {@code max-age} 1 to two years, {@code preload} only with a year and
 * {@code includeSubDomains}, {@code clear} the only way to send 0); equality is structural.
 *
 * @param enabled           send the header on secure responses (default true)
 * @param maxAge            seconds (default one year)
 * @param includeSubDomains add {@code includeSubDomains} (default true)
 * @param preload           add {@code preload} (default false)
 * @param clear             send {@code max-age=0} instead (default false)
 */
record HstsPolicy(boolean enabled, long maxAge, boolean includeSubDomains, boolean preload, boolean clear) {

    static final Map<String, String> KEYS = Policies.keys(
            "portcullis.hsts.enabled", "true",
            "portcullis.hsts.max-age", Long.toString(HardeningPolicy.ONE_YEAR),
            "portcullis.hsts.include-subdomains", "true",
            "portcullis.hsts.preload", "false",
            "portcullis.hsts.clear", "false");

    static final HstsPolicy DEFAULTS = new HstsPolicy(true, HardeningPolicy.ONE_YEAR, true, false, false);

    HstsPolicy {
        if (maxAge < 1 || maxAge > HardeningPolicy.MAX_HSTS) {
            throw Policies.fail("portcullis.hsts.max-age", "must be an integer in [1, " + HardeningPolicy.MAX_HSTS
                    + "] (to undo HSTS use portcullis.hsts.clear=true)", Long.toString(maxAge));
        }
        if (preload && (maxAge < HardeningPolicy.ONE_YEAR || !includeSubDomains)) {
            throw new ConfigException("portcullis.hsts.preload=true requires portcullis.hsts.max-age >= " + HardeningPolicy.ONE_YEAR
                    + " and portcullis.hsts.include-subdomains=true; got max-age=" + maxAge
                    + ", include-subdomains=" + includeSubDomains);
        }
        if (preload && clear) {
            throw new ConfigException("portcullis.hsts.clear=true contradicts portcullis.hsts.preload=true; set one of them");
        }
    }

    static HstsPolicy read(ConfigReader r) {
        HstsPolicy d = DEFAULTS;
        return new HstsPolicy(r.bool("portcullis.hsts.enabled", d.enabled),
                r.longIn("portcullis.hsts.max-age", d.maxAge, 1, HardeningPolicy.MAX_HSTS),
                r.bool("portcullis.hsts.include-subdomains", d.includeSubDomains),
                r.bool("portcullis.hsts.preload", d.preload),
                r.bool("portcullis.hsts.clear", d.clear));
    }

    /** The header value: {@code max-age=…[; includeSubDomains][; preload]}, or {@code max-age=0} when clearing. */
    String value() {
        return clear ? "max-age=0" : "max-age=" + maxAge + (includeSubDomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
    }

    @Override
    public String toString() {
        return "hsts: " + (enabled ? value() : "off");
    }
}

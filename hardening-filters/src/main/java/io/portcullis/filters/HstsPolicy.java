package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;

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

    static final HstsPolicy DEFAULTS = new HstsPolicy(HardeningKeys.HSTS_ENABLED.defaultValue(),
            HardeningKeys.HSTS_MAX_AGE.defaultValue(), HardeningKeys.HSTS_INCLUDE_SUBDOMAINS.defaultValue(),
            HardeningKeys.HSTS_PRELOAD.defaultValue(), HardeningKeys.HSTS_CLEAR.defaultValue());

    HstsPolicy {
        HardeningKeys.HSTS_MAX_AGE.check(maxAge);
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
        return new HstsPolicy(r.get(HardeningKeys.HSTS_ENABLED), r.get(HardeningKeys.HSTS_MAX_AGE),
                r.get(HardeningKeys.HSTS_INCLUDE_SUBDOMAINS), r.get(HardeningKeys.HSTS_PRELOAD), r.get(HardeningKeys.HSTS_CLEAR));
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

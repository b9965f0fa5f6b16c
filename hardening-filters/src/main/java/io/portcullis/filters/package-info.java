/**
 * Drop-in hardening for Jakarta Servlet applications: HTTPS redirect behind trusted proxies
 * only, HSTS, Set-Cookie hardening, security headers, Content-Security-Policy with a per-request
 * nonce, and a deploy self-check.
 *
 * <p>Public API: {@link io.portcullis.filters.HardeningFilter} (all in one), the à-la-carte
 * filters built from the same parts, {@link io.portcullis.filters.HardeningPolicy},
 * {@link io.portcullis.filters.EffectiveRequest}, {@link io.portcullis.filters.CspNonce},
 * {@link io.portcullis.filters.DeployCheck} and {@link io.portcullis.filters.SessionCookieHardener}.
 * Every other type is package-private.
 */
package io.portcullis.filters;

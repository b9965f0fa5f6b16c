package io.portcullis.filters;

import io.portcullis.filters.Engine.Part;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Host check and HTTPS redirect (RFC 9110 §15.4): a Host outside {@code portcullis.hosts.allowed}
 * gets 400 {@code HOST_NOT_ALLOWED}; an insecure request (per {@link EffectiveRequest}) gets 301
 * (GET, HEAD) or 308 (other methods, keeping method and body) to {@code https://} the canonical
 * or validated host, the mapped port, and the raw path and query; CR/LF in the target gets 400;
 * a redirect that would loop behind an untrusted proxy gets 500 and a log line.
 *
 * <p>Configured like {@link HardeningFilter} (same keys, same precedence: {@code -D} &gt;
 * init-param &gt; properties file); keys of parts this filter does not apply are validated
 * but have no effect here. Map it to REQUEST, ERROR and ASYNC dispatches.
 */
public final class HttpsRedirectFilter extends PortcullisFilter {

    /** For web.xml: the policy is read from init-params, the properties file and {@code -D} at {@link #init}. */
    public HttpsRedirectFilter() {
        super("HttpsRedirectFilter", EnumSet.of(Part.HTTPS), null);
    }

    /** For code: uses {@code policy}; init-params are ignored. */
    public HttpsRedirectFilter(HardeningPolicy policy) {
        super("HttpsRedirectFilter", EnumSet.of(Part.HTTPS), Objects.requireNonNull(policy, "policy"));
    }
}

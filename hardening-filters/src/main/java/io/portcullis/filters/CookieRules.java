package io.portcullis.filters;

import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cookie rules of a policy, applied to one Set-Cookie line. Only adds protection or
 * enforces invariants; never removes a Secure or HttpOnly the application set.
 * <ul>
 *   <li>{@code SameSite}: a per-name override wins, else the application's valid value, else the default;</li>
 *   <li>{@code Secure}: by mode, and always for {@code SameSite=None}, {@code Partitioned} and the
 *       {@code __Secure-}/{@code __Host-} prefixes (RFC 6265bis §4.1.3);</li>
 *   <li>{@code __Host-}: also {@code Path=/} and no {@code Domain};</li>
 *   <li>{@code HttpOnly} unless the name is exempt; {@code Partitioned} when configured.</li>
 * </ul>
 */
final class CookieRules {

    /** The rewritten line and the changes made, for report-only logging. */
    record Outcome(SetCookie cookie, List<String> changes) {
    }

    private final CookieSecure secureMode;
    private final boolean httpOnly;
    private final Set<String> httpOnlyExempt;
    private final SameSite sameSite;
    private final Map<String, SameSite> overrides;
    private final boolean partitioned;

    CookieRules(CookiePolicy p) {
        this.secureMode = p.secure();
        this.httpOnly = p.httpOnly();
        this.httpOnlyExempt = Set.copyOf(p.httpOnlyExempt());
        this.sameSite = p.sameSite();
        this.overrides = Map.copyOf(p.overrides());
        this.partitioned = p.partitioned();
    }

    CookieRules(HardeningPolicy p) {
        this(p.cookiePolicy());
    }

    Outcome apply(SetCookie in, boolean secureRequest) {
        List<String> changes = new ArrayList<>();
        SetCookie c = in;
        String lower = c.name.toLowerCase(Locale.ROOT);
        boolean hostPrefix = lower.startsWith("__host-");
        boolean securePrefix = lower.startsWith("__secure-");

        SameSite app = null;
        String appValue = c.last("SameSite");
        if (appValue != null) {
            for (SameSite s : SameSite.values()) {
                if (s != SameSite.OFF && s.token().equalsIgnoreCase(appValue)) {
                    app = s;
                }
            }
        }
        SameSite target = overrides.containsKey(c.name) ? overrides.get(c.name) : app != null ? app : sameSite;
        if (target == SameSite.OFF) {
            target = app;
        }
        long sameSiteCount = c.attributes.stream().filter(a -> a.is("SameSite")).count();
        if (target != null && (target != app || sameSiteCount != 1 || !target.token().equals(appValue))) {
            c = c.without("SameSite").with("SameSite", target.token());
            changes.add("SameSite=" + target.token());
        }
        if (hostPrefix) {
            if (c.has("Domain")) {
                c = c.without("Domain");
                changes.add("removed Domain (__Host- prefix)");
            }
            if (!"/".equals(c.last("Path")) || c.attributes.stream().filter(a -> a.is("Path")).count() != 1) {
                c = c.without("Path").with("Path", "/");
                changes.add("Path=/ (__Host- prefix)");
            }
        }
        boolean wantSecure = secureMode == CookieSecure.ALWAYS || secureMode == CookieSecure.WHEN_SECURE && secureRequest
                || target == SameSite.NONE || hostPrefix || securePrefix || partitioned;
        if (wantSecure && !c.has("Secure")) {
            c = c.with("Secure", null);
            changes.add("Secure");
        }
        if (httpOnly && !httpOnlyExempt.contains(c.name) && !c.has("HttpOnly")) {
            c = c.with("HttpOnly", null);
            changes.add("HttpOnly");
        }
        if (partitioned && !c.has("Partitioned")) {
            c = c.with("Partitioned", null);
            changes.add("Partitioned");
        }
        return new Outcome(c, List.copyOf(changes));
    }
}

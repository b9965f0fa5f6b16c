package io.portcullis.filters;

import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
import java.util.ArrayList;
import java.util.List;
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
        List<SetCookie.Attribute> attrs = new ArrayList<>(in.attributes);
        List<String> changes = new ArrayList<>();
        apply(in.name, attrs, secureRequest, changes);
        return new Outcome(new SetCookie(in.name, in.value, attrs), List.copyOf(changes));
    }

    /**
     * The hardened line, or null when the rules change nothing; {@code changes} (may be null)
     * receives a description of each change, for report-only logging. The per-response path:
     * one attribute list, changed in place, and one string.
     */
    String rewrite(String name, String value, List<SetCookie.Attribute> attrs, boolean secureRequest,
            List<String> changes) {
        return apply(name, attrs, secureRequest, changes) == 0 ? null : SetCookie.format(name, value, attrs);
    }

    /**
     * The line for a cookie that has no attributes (a {@link jakarta.servlet.http.Cookie} with only a
     * name and a value, the usual case): the same text as {@link #rewrite} on an empty attribute list
     * (a test compares them), built as one string from a suffix chosen among the precomputed
     * {@link #BARE_SUFFIXES}.
     */
    String bare(String name, String value, boolean secureRequest) {
        boolean hostPrefix = name.regionMatches(true, 0, "__Host-", 0, 7);
        boolean securePrefix = name.regionMatches(true, 0, "__Secure-", 0, 9);
        SameSite override = overrides.isEmpty() ? null : overrides.get(name);
        SameSite target = override != null ? override : sameSite;
        boolean wantSecure = secureMode == CookieSecure.ALWAYS
                || secureMode == CookieSecure.WHEN_SECURE && secureRequest
                || target == SameSite.NONE || hostPrefix || securePrefix || partitioned;
        boolean wantHttpOnly = httpOnly && !httpOnlyExempt.contains(name);
        String suffix = BARE_SUFFIXES[bareKey(target == SameSite.OFF ? null : target, hostPrefix, wantSecure,
                wantHttpOnly, partitioned)];
        return !name.isEmpty() || value.indexOf('=') >= 0 ? name + "=" + value + suffix : value + suffix;
    }

    private static int bareKey(SameSite sameSite, boolean rootPath, boolean secure, boolean httpOnly,
            boolean partitioned) {
        return (sameSite == null ? 0 : sameSite.ordinal() + 1) << 4 | (rootPath ? 8 : 0) | (secure ? 4 : 0)
                | (httpOnly ? 2 : 0) | (partitioned ? 1 : 0);
    }

    private static final SameSite[] SAME_SITES = SameSite.values();
    // the attributes the rules add are immutable: one instance each, shared by every response
    private static final SetCookie.Attribute SECURE = new SetCookie.Attribute("Secure", null);
    private static final SetCookie.Attribute HTTP_ONLY = new SetCookie.Attribute("HttpOnly", null);
    private static final SetCookie.Attribute PARTITIONED = new SetCookie.Attribute("Partitioned", null);
    private static final SetCookie.Attribute ROOT_PATH = new SetCookie.Attribute("Path", "/");
    private static final SetCookie.Attribute[] SAME_SITE = new SetCookie.Attribute[SAME_SITES.length];

    /** Every attribute suffix a cookie without attributes can get, in the order {@link #apply} adds them. */
    private static final String[] BARE_SUFFIXES = new String[(SAME_SITES.length + 1) << 4];

    static {
        for (SameSite s : SAME_SITES) {
            SAME_SITE[s.ordinal()] = new SetCookie.Attribute("SameSite", s.token());
        }
        for (int s = -1; s < SAME_SITES.length; s++) {
            for (int flags = 0; flags < 16; flags++) {
                List<SetCookie.Attribute> attrs = new ArrayList<>();
                if (s >= 0) {
                    attrs.add(SAME_SITE[s]);
                }
                if ((flags & 8) != 0) {
                    attrs.add(ROOT_PATH);
                }
                if ((flags & 4) != 0) {
                    attrs.add(SECURE);
                }
                if ((flags & 2) != 0) {
                    attrs.add(HTTP_ONLY);
                }
                if ((flags & 1) != 0) {
                    attrs.add(PARTITIONED);
                }
                int key = bareKey(s < 0 ? null : SAME_SITES[s], (flags & 8) != 0, (flags & 4) != 0, (flags & 2) != 0,
                        (flags & 1) != 0);
                BARE_SUFFIXES[key] = SetCookie.format("a", "", attrs).substring(2);
            }
        }
    }

    /** Applies the rules to {@code attrs} in place; the number of changes. */
    private int apply(String name, List<SetCookie.Attribute> attrs, boolean secureRequest, List<String> changes) {
        int n = 0;
        boolean hostPrefix = name.regionMatches(true, 0, "__Host-", 0, 7);
        boolean securePrefix = name.regionMatches(true, 0, "__Secure-", 0, 9);

        SameSite app = null;
        String appValue = last(attrs, "SameSite");
        if (appValue != null) {
            for (SameSite s : SAME_SITES) {
                if (s != SameSite.OFF && s.token().equalsIgnoreCase(appValue)) {
                    app = s;
                }
            }
        }
        SameSite override = overrides.isEmpty() ? null : overrides.get(name);
        SameSite target = override != null ? override : app != null ? app : sameSite;
        if (target == SameSite.OFF) {
            target = app;
        }
        if (target != null && (target != app || count(attrs, "SameSite") != 1 || !target.token().equals(appValue))) {
            remove(attrs, "SameSite");
            attrs.add(SAME_SITE[target.ordinal()]);
            n += changes == null ? 1 : note(changes, "SameSite=" + target.token());
        }
        if (hostPrefix) {
            if (last(attrs, "Domain") != null) {
                remove(attrs, "Domain");
                n += note(changes, "removed Domain (__Host- prefix)");
            }
            if (!"/".equals(last(attrs, "Path")) || count(attrs, "Path") != 1) {
                remove(attrs, "Path");
                attrs.add(ROOT_PATH);
                n += note(changes, "Path=/ (__Host- prefix)");
            }
        }
        boolean wantSecure = secureMode == CookieSecure.ALWAYS
                || secureMode == CookieSecure.WHEN_SECURE && secureRequest
                || target == SameSite.NONE || hostPrefix || securePrefix || partitioned;
        if (wantSecure && last(attrs, "Secure") == null) {
            attrs.add(SECURE);
            n += note(changes, "Secure");
        }
        if (httpOnly && !httpOnlyExempt.contains(name) && last(attrs, "HttpOnly") == null) {
            attrs.add(HTTP_ONLY);
            n += note(changes, "HttpOnly");
        }
        if (partitioned && last(attrs, "Partitioned") == null) {
            attrs.add(PARTITIONED);
            n += note(changes, "Partitioned");
        }
        return n;
    }

    private static int note(List<String> changes, String change) {
        if (changes != null) {
            changes.add(change);
        }
        return 1;
    }

    /** The last value of an attribute (the browser's choice), or null; a flag gives "". */
    private static String last(List<SetCookie.Attribute> attrs, String name) {
        String out = null;
        for (int i = 0; i < attrs.size(); i++) {
            SetCookie.Attribute a = attrs.get(i);
            if (a.is(name)) {
                out = a.value() == null ? "" : a.value();
            }
        }
        return out;
    }

    private static int count(List<SetCookie.Attribute> attrs, String name) {
        int c = 0;
        for (int i = 0; i < attrs.size(); i++) {
            if (attrs.get(i).is(name)) {
                c++;
            }
        }
        return c;
    }

    private static void remove(List<SetCookie.Attribute> attrs, String name) {
        for (int i = attrs.size() - 1; i >= 0; i--) {
            if (attrs.get(i).is(name)) {
                attrs.remove(i);
            }
        }
    }
}

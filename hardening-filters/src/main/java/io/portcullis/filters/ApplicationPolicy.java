package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Key;
import io.portcullis.core.Settings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Objects;

/**
 * One hardening policy per application. At init a Portcullis filter (1) checks that no other
 * source — context params, the properties file, {@code -D}, its own init-params — sets a key to
 * a value other than the one in force (a builder policy and a different
 * {@code portcullis.cookies.same-site} in {@code portcullis.properties} is a start-up error naming
 * both sources, never a silent split), (2) publishes the policy in the context attribute
 * {@link HardeningFilter#POLICY_ATTRIBUTE}, and (3) when it rewrites cookies, applies the same
 * policy to the container's session cookie through {@link SessionCookieHardener}.
 */
final class ApplicationPolicy {

    private ApplicationPolicy() {
    }

    /**
     * @param codeGiven whether {@code policy} was given in code (else it was read from the filter's settings)
     * @throws ConfigException naming the key, both values and both sources
     */
    static void establish(FilterConfig config, HardeningPolicy policy, boolean codeGiven, boolean cookies, String filterName) {
        ServletContext context = config.getServletContext();
        Settings own = Settings.from(config);
        Settings app = Settings.from(context);
        String codeSource = "the HardeningPolicy given to " + filterName + " in code";
        if (codeGiven) {
            compare(own, policy, codeSource, null);
        }
        // A filter configured from settings read the file and -D itself (its init-params win by
        // precedence); what it did not see are the context params the session-cookie hardener reads.
        compare(app, policy, codeGiven ? codeSource : null, codeGiven ? null : own);
        if (context == null) {
            return;
        }
        if (cookies) {
            Object published = context.getAttribute(HardeningFilter.POLICY_ATTRIBUTE);
            if (published instanceof HardeningPolicy other && !other.cookiePolicy().equals(policy.cookiePolicy())) {
                throw new ConfigException(filterName + "'s cookie policy (" + policy.cookiePolicy() + ") differs from the one "
                        + "another Portcullis filter of this application already uses (" + other.cookiePolicy()
                        + "); one application has one cookie policy");
            }
            context.setAttribute(HardeningFilter.POLICY_ATTRIBUTE, policy);
            SessionCookieHardener.apply(context, policy, filterName);
        } else if (context.getAttribute(HardeningFilter.POLICY_ATTRIBUTE) == null) {
            context.setAttribute(HardeningFilter.POLICY_ATTRIBUTE, policy);
        }
    }

    /**
     * Fails on the first key {@code settings} sets to another value than {@code policy} has.
     * {@code policySettings}: where a policy read from settings came from (then only context
     * params are compared, the one source such a filter does not read); null for a code policy.
     */
    private static void compare(Settings settings, HardeningPolicy policy, String policySource, Settings policySettings) {
        boolean contextParamsOnly = policySettings != null;
        ConfigReader r = ConfigReader.of(settings, HardeningKeys.KEYS);
        for (Key<?> key : HardeningKeys.KEYS) {
            if (!r.isSet(key.name()) || contextParamsOnly && !"context-param".equals(settings.origin(key.name()))) {
                continue;
            }
            Object theirs = r.get(key);
            Object ours = policy.value(key);
            if (!Objects.equals(theirs, ours)) {
                String source = policySource != null ? policySource
                        : policySettings.raw(key.name()).isPresent() ? policySettings.origin(key.name()) : "the default";
                throw new ConfigException(key.name() + " is " + ConfigException.quote(format(key, theirs)) + " in "
                        + settings.origin(key.name()) + " but " + ConfigException.quote(format(key, ours)) + " in " + source
                        + "; one application has one policy: set it in one place");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(Key<T> key, Object value) {
        return key.format((T) value);
    }
}

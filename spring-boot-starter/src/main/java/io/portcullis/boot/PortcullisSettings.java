package io.portcullis.boot;

import io.portcullis.boot.BootKeys.HeaderOwner;
import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.KeyRegistry;
import io.portcullis.core.Settings;
import io.portcullis.csrf.CsrfPolicy;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.sendfile.SendfilePolicy;
import io.portcullis.sendfile.UrlSigner;
import io.portcullis.upload.UploadPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Every Portcullis policy of one Spring Boot application, read once from Spring's
 * {@link Environment} through the library's own readers (so every message is the library's),
 * and shared by every component the starter registers: the hardening filter and the session
 * cookie get the very same {@link HardeningPolicy} object.
 */
final class PortcullisSettings {

    static final String ACTUATOR_CLASS = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

    private static final System.Logger LOG = System.getLogger(PortcullisSettings.class.getName());

    private final EnvironmentKeys keys;
    private final HardeningPolicy hardening;
    private final UploadPolicy upload;
    private final UrlSigner signer;
    private final List<String> signedUrlPaths;
    private final SendfilePolicy sendfile;
    private final CsrfPolicy csrf;
    private final HeaderOwner headerOwner;
    private final List<String> healthExempt;

    private PortcullisSettings(EnvironmentKeys keys, HardeningPolicy hardening, UploadPolicy upload, UrlSigner signer,
            List<String> signedUrlPaths, SendfilePolicy sendfile, CsrfPolicy csrf, HeaderOwner headerOwner,
            List<String> healthExempt) {
        this.keys = keys;
        this.hardening = hardening;
        this.upload = upload;
        this.signer = signer;
        this.signedUrlPaths = signedUrlPaths;
        this.sendfile = sendfile;
        this.csrf = csrf;
        this.headerOwner = headerOwner;
        this.healthExempt = healthExempt;
    }

    /**
     * Reads and validates everything.
     *
     * @throws PortcullisStartupException for the first problem, with the library's message
     */
    static PortcullisSettings read(Environment env, ClassLoader loader) {
        EnvironmentKeys keys = EnvironmentKeys.read(env, DeclaredKeys.ALL.values(), knownAreas());
        if (!keys.ignored().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Portcullis: environment variables ignored, they spell no "
                    + "portcullis.* key and are near none: " + String.join(", ", keys.ignored()));
        }
        try {
            return read(env, loader, keys);
        } catch (ConfigException e) {
            throw new PortcullisStartupException(e, keys);
        }
    }

    /** Every area the starter reads or refuses by name, and every area a module present owns. */
    static Set<String> knownAreas() {
        Set<String> known = new TreeSet<>(BootKeys.AREAS_READ);
        known.addAll(BootKeys.AREAS_NOT_READ);
        known.addAll(KeyRegistry.areas());
        return known;
    }

    private static PortcullisSettings read(Environment env, ClassLoader loader, EnvironmentKeys keys) {
        Map<String, String> all = keys.values();
        if (all.containsKey(Settings.CONFIG_FILE_KEY)) {
            throw ConfigException.badValue(Settings.CONFIG_FILE_KEY, "is not read by the Spring Boot starter; "
                    + "import the file with spring.config.import=optional:file:<path> instead",
                    all.get(Settings.CONFIG_FILE_KEY), "code", false);
        }
        if (loader.getResource(Settings.CLASSPATH_FILE) != null) {
            throw new ConfigException(Settings.CLASSPATH_FILE + " is on the class path, but the Spring Boot "
                    + "starter reads portcullis.* keys from application.properties / .yaml only: move its keys there "
                    + "(one source, no split)");
        }
        Set<String> present = KeyRegistry.areas();
        for (String key : all.keySet()) {
            String area = key.substring(Settings.PREFIX.length()).split("\\.", 2)[0];
            boolean known = present.contains(area) || BootKeys.AREAS_NOT_READ.contains(area);
            if (!BootKeys.AREAS_READ.contains(area) && known) {
                throw new ConfigException(key + " is not read by the Spring Boot starter (it reads portcullis."
                        + String.join(".*, portcullis.", new TreeSet<>(BootKeys.AREAS_READ))
                        + ".*); configure that component in code");
            }
        }
        // One reader path: the starter's own keys through their declarations, like every module's. It
        // also refuses a typo in a portcullis.boot.* key and a key in an area no module owns (did-you-mean).
        Settings settings = Settings.of(all);
        ConfigReader boot = ConfigReader.of(settings, BootKeys.KEYS);
        HeaderOwner owner = boot.get(BootKeys.HEADER_OWNER);
        boolean csrfOn = boot.get(BootKeys.CSRF);
        boolean healthOn = boot.get(BootKeys.HEALTH_EXEMPT);
        List<String> signedPaths = boot.get(BootKeys.SIGNED_URL_PATHS);

        HardeningPolicy hardening = HardeningPolicy.fromSettings(settings);
        List<String> health = healthOn ? healthPaths(env, loader) : List.of();
        if (!health.isEmpty()) {
            Set<String> exempt = new LinkedHashSet<>(hardening.redirectExempt());
            exempt.addAll(health);
            hardening = hardening.toBuilder().redirectExempt(new ArrayList<>(exempt)).build();
        }
        checkBootSessionCookie(env, hardening);

        UploadPolicy upload = anyIn(all, "upload") ? UploadPolicy.from(settings) : null;
        SendfilePolicy sendfile = anyIn(all, "sendfile") ? SendfilePolicy.fromSettings(settings) : null;
        UrlSigner signer = null;
        String paths = BootKeys.SIGNED_URL_PATHS.name();
        if (anyIn(all, "signed-url")) {
            signer = UrlSigner.fromSettings(settings);
            if (signedPaths.isEmpty()) {
                throw ConfigException.badValue(paths, "must name the shared-link paths (/exact or /prefix/*) when "
                        + "portcullis.signed-url.* keys are set", "", "code", false);
            }
        } else if (!signedPaths.isEmpty()) {
            throw ConfigException.badValue(paths, "needs portcullis.signed-url.key.<id> keys to check links with",
                    String.join(",", signedPaths), "code", false);
        }
        CsrfPolicy csrf = csrfOn ? CsrfPolicy.from(settings) : null;
        if (!csrfOn && anyIn(all, "csrf")) {
            throw new ConfigException("portcullis.csrf.* keys are set but " + BootKeys.CSRF.name()
                    + "=false switches the filter off; remove one of them");
        }
        return new PortcullisSettings(keys, hardening, upload, signer, List.copyOf(signedPaths), sendfile, csrf, owner,
                health);
    }

    /** The actuator's health endpoint on the application's own port, as redirect exemptions; none without actuator. */
    static List<String> healthPaths(Environment env, ClassLoader loader) {
        if (!ClassUtils.isPresent(ACTUATOR_CLASS, loader)) {
            return List.of();
        }
        String managementPort = env.getProperty("management.server.port");
        if (managementPort != null && !managementPort.equals(env.getProperty("server.port", "8080"))) {
            return List.of(); // a management server of its own: this filter chain never sees its requests
        }
        String base = env.getProperty("management.endpoints.web.base-path", "/actuator");
        String health = env.getProperty("management.endpoints.web.path-mapping.health", "health");
        String path = (base.equals("/") ? "" : base) + "/" + health;
        return List.of(path.replaceAll("/+", "/") + "/*");
    }

    /**
     * Boot's own {@code server.servlet.session.cookie.*} keys reach the same cookie: a value that
     * contradicts the Portcullis policy is a second source of one setting, refused with both names.
     */
    private static void checkBootSessionCookie(Environment env, HardeningPolicy policy) {
        if (!policy.sessionCookie()) {
            return;
        }
        String name = env.getProperty("server.servlet.session.cookie.name", "JSESSIONID");
        String sameSite = env.getProperty("server.servlet.session.cookie.same-site");
        HardeningPolicy.SameSite ours = policy.cookieSameSiteOverrides().getOrDefault(name, policy.cookieSameSite());
        if (sameSite != null && ours != HardeningPolicy.SameSite.OFF
                && !sameSite.trim().toLowerCase(Locale.ROOT).equals(ours.token().toLowerCase(Locale.ROOT))) {
            throw new ConfigException("server.servlet.session.cookie.same-site=" + sameSite.trim() + " contradicts "
                    + "portcullis.cookies.same-site (" + ours.token() + " for " + name + "), which hardens the same "
                    + "cookie: remove server.servlet.session.cookie.same-site and set "
                    + "portcullis.cookies.same-site-overrides=" + name + ":<value>");
        }
        String secure = env.getProperty("server.servlet.session.cookie.secure");
        if ("false".equals(secure) && policy.cookieSecure() != HardeningPolicy.CookieSecure.OFF) {
            throw new ConfigException("server.servlet.session.cookie.secure=false contradicts "
                    + "portcullis.cookies.secure (" + policy.cookieSecure().token() + "), which hardens the same "
                    + "cookie: set one of them");
        }
        String httpOnly = env.getProperty("server.servlet.session.cookie.http-only");
        if ("false".equals(httpOnly) && policy.cookieHttpOnly() && !policy.cookieHttpOnlyExempt().contains(name)) {
            throw new ConfigException("server.servlet.session.cookie.http-only=false contradicts "
                    + "portcullis.cookies.http-only (true), which hardens the same cookie: set one of them");
        }
    }

    private static boolean anyIn(Map<String, String> keys, String area) {
        String prefix = Settings.PREFIX + area + ".";
        return keys.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    EnvironmentKeys keys() {
        return keys;
    }

    HardeningPolicy hardening() {
        return hardening;
    }

    UploadPolicy upload() {
        return upload;
    }

    UrlSigner signer() {
        return signer;
    }

    List<String> signedUrlPaths() {
        return signedUrlPaths;
    }

    SendfilePolicy sendfile() {
        return sendfile;
    }

    CsrfPolicy csrf() {
        return csrf;
    }

    HeaderOwner headerOwner() {
        return headerOwner;
    }

    List<String> healthExempt() {
        return healthExempt;
    }
}

package io.portcullis.boot;

import io.portcullis.core.Key;
import io.portcullis.core.KeySet;
import io.portcullis.core.WireToken;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The starter's own keys ({@code portcullis.boot.*}): what only a Spring Boot application has to
 * decide. Each is declared once here, with its default and its one-line doc; the IDE metadata and
 * docs/spring-boot.md list them from this declaration.
 */
final class BootKeys {

    static final String AREA = "boot";
    static final String HEADER_OWNER = "portcullis.boot.header-owner";
    static final String CSRF = "portcullis.boot.csrf";
    static final String SIGNED_URL_PATHS = "portcullis.boot.signed-url-paths";
    static final String HEALTH_EXEMPT = "portcullis.boot.health-exempt";

    static final Key<HeaderOwner> HEADER_OWNER_KEY = Key.token(HEADER_OWNER, HeaderOwner.PORTCULLIS, HeaderOwner.class,
            "Who writes the headers both Portcullis and Spring Security set (HSTS, X-Content-Type-Options, "
            + "X-Frame-Options): portcullis (Spring Security's writers for them are switched off) or spring-security "
            + "(Spring's values win, Portcullis adds only what is missing).");
    static final Key<Boolean> CSRF_KEY = Key.bool(CSRF, true, "Register Portcullis' CsrfFilter (portcullis.csrf.*); it stands "
            + "aside, with a log line, for every request whose Spring Security filter chain has Spring's own CSRF protection.");
    static final Key<List<String>> SIGNED_URL_PATHS_KEY = Key.list(SIGNED_URL_PATHS, List.of(), "The shared-link paths "
            + "SignedUrlFilter guards (/exact, /prefix/*); required once portcullis.signed-url.* keys are set.");
    static final Key<Boolean> HEALTH_EXEMPT_KEY = Key.bool(HEALTH_EXEMPT, true, "Add the actuator health endpoint "
            + "(management base path + /health/*) to portcullis.https.exempt, so a load balancer can probe it over plain HTTP.");

    /** The starter's keys, declared with core's key API (registered through {@link BootKeyProvider}). */
    static final KeySet KEYS = KeySet.of("spring-boot-starter", HEADER_OWNER_KEY, CSRF_KEY, SIGNED_URL_PATHS_KEY, HEALTH_EXEMPT_KEY);

    /** Key → default as written in configuration. */
    static final Map<String, String> DEFAULTS;
    /** Key → one-line doc. */
    static final Map<String, String> DOCS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        Map<String, String> doc = new LinkedHashMap<>();
        for (Key<?> k : KEYS) {
            d.put(k.name(), k.defaultText());
            doc.put(k.name(), k.doc());
        }
        DEFAULTS = Collections.unmodifiableMap(d);
        DOCS = Collections.unmodifiableMap(doc);
    }

    /** The areas the starter reads; any other {@code portcullis.<area>} key is refused at start. */
    static final Set<String> AREAS_READ = Set.of("https", "proxy", "hosts", "hsts", "cookies", "headers", "csp", "check",
            "report-only", "upload", "sendfile", "signed-url", "csrf", AREA);

    /** Who writes a header that both Portcullis and Spring Security write. */
    enum HeaderOwner implements WireToken {
        /** Portcullis' keys decide; Spring Security's writers for the overlapping headers are off. */
        PORTCULLIS("portcullis"),
        /** Spring Security's values win; Portcullis writes only the headers still missing. */
        SPRING_SECURITY("spring-security");

        private final String token;

        HeaderOwner(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    private BootKeys() {
    }
}

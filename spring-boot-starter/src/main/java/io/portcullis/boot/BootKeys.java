package io.portcullis.boot;

import io.portcullis.core.WireToken;
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

    /** Key → default as written in configuration. */
    static final Map<String, String> DEFAULTS;
    /** Key → one-line doc. */
    static final Map<String, String> DOCS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        Map<String, String> doc = new LinkedHashMap<>();
        d.put(HEADER_OWNER, "portcullis");
        doc.put(HEADER_OWNER, "Who writes the headers both Portcullis and Spring Security set (HSTS, X-Content-Type-Options, "
                + "X-Frame-Options): portcullis (Spring Security's writers for them are switched off) or spring-security "
                + "(Spring's values win, Portcullis adds only what is missing).");
        d.put(CSRF, "true");
        doc.put(CSRF, "Register Portcullis' CsrfFilter (portcullis.csrf.*); it stands aside, with a log line, for every "
                + "request whose Spring Security filter chain has Spring's own CSRF protection.");
        d.put(SIGNED_URL_PATHS, "");
        doc.put(SIGNED_URL_PATHS, "The shared-link paths SignedUrlFilter guards (/exact, /prefix/*); required once "
                + "portcullis.signed-url.* keys are set.");
        d.put(HEALTH_EXEMPT, "true");
        doc.put(HEALTH_EXEMPT, "Add the actuator health endpoint (management base path + /health/*) to "
                + "portcullis.https.exempt, so a load balancer can probe it over plain HTTP.");
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

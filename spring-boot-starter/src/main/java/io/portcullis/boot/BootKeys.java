package io.portcullis.boot;

import io.portcullis.core.Key;
import io.portcullis.core.KeySet;
import io.portcullis.core.WireToken;
import java.util.List;
import java.util.Set;

/**
 * The starter's own keys ({@code portcullis.boot.*}): what only a Spring Boot application has to
 * decide. Each is declared once here with core's {@link Key} API (name, type, default, rule,
 * one-line doc) and read through it ({@code ConfigReader.get}), like every module's keys; the IDE
 * metadata and docs/spring-boot.md list them from this declaration.
 */
final class BootKeys {

    static final String AREA = "boot";

    static final Key<HeaderOwner> HEADER_OWNER = Key.token("portcullis.boot.header-owner", HeaderOwner.PORTCULLIS,
            HeaderOwner.class, "Who writes the headers both Portcullis and Spring Security set (HSTS, "
            + "X-Content-Type-Options, X-Frame-Options): portcullis (Spring Security's writers for them are switched "
            + "off) or spring-security (Spring's values win, Portcullis adds only what is missing).");
    static final Key<Boolean> CSRF = Key.bool("portcullis.boot.csrf", true, "Register Portcullis' CsrfFilter "
            + "(portcullis.csrf.*); it stands aside, with a log line, for every request whose Spring Security filter "
            + "chain has Spring's own CSRF protection.");
    static final Key<List<String>> SIGNED_URL_PATHS = Key.list("portcullis.boot.signed-url-paths", List.of(),
            "The shared-link paths SignedUrlFilter guards (/exact, /prefix/*); required once portcullis.signed-url.* "
            + "keys are set.")
            .checking(paths -> paths.forEach(p -> {
                boolean prefix = p.endsWith("/*") && p.indexOf('*') == p.length() - 1;
                if (!p.startsWith("/") || p.indexOf('*') >= 0 && !prefix) {
                    throw Key.reject("entries must be /exact/path or /prefix/*", p);
                }
            }));
    static final Key<Boolean> HEALTH_EXEMPT = Key.bool("portcullis.boot.health-exempt", true, "Add the actuator health "
            + "endpoint (management base path + /health/*) to portcullis.https.exempt, so a load balancer can probe it "
            + "over plain HTTP.");

    /** The starter's keys (registered through {@link BootKeyProvider}). */
    static final KeySet KEYS = KeySet.of("spring-boot-starter", HEADER_OWNER, CSRF, SIGNED_URL_PATHS, HEALTH_EXEMPT);

    /** The areas the starter reads; a key of any other area a module owns is refused at start. */
    static final Set<String> AREAS_READ = Set.of("https", "proxy", "hosts", "hsts", "cookies", "headers", "csp",
            "check", "report-only", "upload", "sendfile", "signed-url", "csrf", AREA);

    /**
     * Areas of Portcullis modules the starter knows and does not configure ({@code portcullis.password.*}: the
     * password checker is built in code), refused with that reason even when the module is not on the class path.
     */
    static final Set<String> AREAS_NOT_READ = Set.of("password", "config");

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

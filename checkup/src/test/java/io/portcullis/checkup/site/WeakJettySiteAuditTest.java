package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.SiteFixtures.audit;
import static io.portcullis.checkup.site.SiteFixtures.bare;
import static io.portcullis.checkup.site.SiteFixtures.finding;
import static io.portcullis.checkup.site.SiteFixtures.hardened;
import static io.portcullis.checkup.site.SiteFixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each weakness of the bare Jetty site is found (the attack "succeeds" against it), and the same
 * check passes against the hardened site (the positive control), in the same test.
 */
class WeakJettySiteAuditTest {

    private static Report weakRoot() {
        return audit(bare().http("/"), "/admin");
    }

    /** The bare site's {@code /r/}: a naive Host-echoing 302 to HTTPS, then the same careless app. */
    private static Report weakRedirecting() {
        return audit(bare().http("/r/"), "/admin");
    }

    private static Report good() {
        return audit(hardened().http("/"), "/admin");
    }

    @ParameterizedTest(name = "[{index}] {1} {2} on bare Jetty {0}, pass on hardened")
    @CsvSource(delimiter = '|', value = {
        "/   | transport.redirect-get          | FAIL | answered 200 instead of redirecting",
        "/   | transport.redirect-post         | FAIL | accepts form data in clear text",
        "/   | transport.certificate           | FAIL | no HTTPS found",
        "/r/ | transport.redirect-get          | WARN | temporary 302",
        "/r/ | transport.redirect-post         | WARN | form data is lost",
        "/r/ | transport.forged-host.http      | FAIL | echoed in Location: https://checkup-evil.example",
        "/r/ | transport.forwarded-host.http   | FAIL | echoed in Location: https://checkup-evil.example",
        "/r/ | hsts.present                    | FAIL | no Strict-Transport-Security",
        "/   | hsts.present                    | FAIL | no HTTPS page",
        "/r/ | cookies.secure                  | FAIL | csrftoken",
        "/r/ | cookies.http-only               | FAIL | JSESSIONID",
        "/r/ | cookies.same-site               | WARN | no SameSite",
        "/r/ | cookies.prefixes                | FAIL | __Host-pref needs Path=/",
        "/r/ | headers.csp                     | FAIL | no Content-Security-Policy",
        "/r/ | headers.nosniff                 | FAIL | no X-Content-Type-Options",
        "/r/ | headers.framing                 | FAIL | clickjacking",
        "/r/ | headers.referrer-policy         | WARN | no Referrer-Policy",
        "/r/ | headers.coop                    | WARN | no Cross-Origin-Opener-Policy",
        "/r/ | headers.corp                    | WARN | no Cross-Origin-Resource-Policy",
        "/r/ | headers.permissions-policy      | WARN | no Permissions-Policy",
        "/r/ | headers.server-version          | FAIL | Server: Jetty(12",
        "/r/ | headers.cors                    | FAIL | with Access-Control-Allow-Credentials: true",
        "/r/ | headers.cors-null               | FAIL | reflects Origin: null",
        "/r/ | behaviour.trace                 | FAIL | echoes the request",
        "/r/ | behaviour.error-404             | FAIL | SiteFixtures$CarelessApp.doGet",
        "/r/ | behaviour.error-malformed-path  | FAIL | Powered by Jetty:// 12",
        "/r/ | behaviour.error-bad-json        | FAIL | SiteFixtures$CarelessApp.doPost",
        "/r/ | protected./admin                | FAIL | served to an anonymous client",
    })
    void weaknessFoundAndHardenedSitePasses(String entry, String id, Status weak, String detail) {
        Report r = entry.equals("/") ? weakRoot() : weakRedirecting();
        Finding found = finding(r, id);
        assertThat(found.status()).as(found.detail()).isEqualTo(weak);
        assertThat(found.detail()).contains(detail);
        assertThat(found.fix()).as("fix hint").isNotBlank();
        Finding control = finding(good(), id);
        assertThat(control.status()).as("control: " + control.detail()).isEqualTo(Status.PASS);
    }

    @ParameterizedTest(name = "[{index}] Observatory {0} on bare Jetty {1}, control {2}")
    @CsvSource(delimiter = '|', value = {
        "CSP         | csp-not-implemented                                          | csp-implemented-with-no-unsafe",
        "COOKIES     | cookies-session-without-httponly-flag                        | cookies-secure-with-httponly-sessions-and-samesite",
        "CORS        | cross-origin-resource-sharing-implemented-with-restricted-access | cross-origin-resource-sharing-not-implemented",
        "REDIRECTION | redirection-to-https                                         | redirection-to-https",
        "HSTS        | hsts-not-implemented                                         | hsts-implemented-max-age-at-least-six-months",
        "SRI         | sri-not-implemented-and-external-scripts-not-loaded-securely | sri-not-implemented-but-no-scripts-loaded",
        "XCTO        | x-content-type-options-not-implemented                       | x-content-type-options-nosniff",
        "XFO         | x-frame-options-not-implemented                              | x-frame-options-implemented-via-csp",
        "CORP        | corp-not-implemented                 | corp-implemented-with-same-origin",
        "REFERRER    | referrer-policy-not-implemented                              | referrer-policy-private",
    })
    void observatoryResults(Expectation.Test test, String weak, String control) {
        assertThat(observation(weakRedirecting(), test).expectation().token()).isEqualTo(weak);
        assertThat(observation(good(), test).expectation().token()).isEqualTo(control);
    }

    @Test
    void corsReflectionWithCredentialsIsUniversalInCheckupScoreThoughTheObservatoryMissesIt() {
        assertThat(SiteFixtures.extendedObservation(weakRedirecting(), Expectation.Test.CORS).expectation())
                .isEqualTo(Expectation.CORS_UNIVERSAL);
        assertThat(SiteFixtures.extendedObservation(good(), Expectation.Test.CORS).expectation())
                .isEqualTo(Expectation.CORS_NOT_IMPLEMENTED);
    }

    @Test
    void coopIsScoredByCheckupOnly() {
        assertThat(SiteFixtures.extendedObservation(weakRedirecting(), Expectation.Test.COOP).expectation())
                .isEqualTo(Expectation.COOP_NOT_IMPLEMENTED);
        assertThat(SiteFixtures.extendedObservation(good(), Expectation.Test.COOP).expectation())
                .isEqualTo(Expectation.COOP_SAME_ORIGIN);
        assertThat(good().observatory().results()).noneMatch(o -> o.test() == Expectation.Test.COOP);
    }

    @Test
    void noRedirectAtAllIsRedirectionMissing() {
        assertThat(observation(weakRoot(), Expectation.Test.REDIRECTION).expectation())
                .isEqualTo(Expectation.REDIRECTION_MISSING);
    }

    @Test
    void bareSiteGetsFAndFailsTheGate() {
        assertThat(weakRedirecting().observatory().grade()).isEqualTo(Grade.F);
        assertThat(weakRedirecting().exitCode()).isEqualTo(Report.FAILED);
        assertThat(good().exitCode()).isEqualTo(Report.OK);
    }
}

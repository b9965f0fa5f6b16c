package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.SiteFixtures.audit;
import static io.portcullis.checkup.site.SiteFixtures.hardened;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The positive control as a whole: a site behind the real HardeningFilter, with a careful app,
 * passes every check and gets the top grade. The per-check controls sit beside each attack in
 * {@link WeakJettySiteAuditTest}.
 */
class HardenedSiteAuditTest {

    @Test
    void hardenedSiteHasNoFailedOrWarnedCheckAndGradeAPlus() {
        Report r = audit(hardened().http("/"), "/admin");
        assertThat(r.findings()).allSatisfy(f ->
                assertThat(f.status()).as(f.id() + ": " + f.detail()).isEqualTo(Status.PASS));
        assertThat(r.observatory().grade()).isEqualTo(Grade.A_PLUS);
        assertThat(r.passed()).isTrue();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void hardenedSiteIsAuditedOverHttpsAfterTheRedirect() {
        Report r = audit(hardened().http("/"), "/admin");
        assertThat(r.auditedPage()).isEqualTo(hardened().https("/").toString());
    }

    @Test
    void everyObservatoryTestIsScoredWithoutPenalty() {
        Report r = audit(hardened().http("/"), "/admin");
        assertThat(r.observatory().results()).hasSize(10)
                .allSatisfy(o -> assertThat(o.expectation().modifier()).as(o.test().token() + " " + o.detail())
                        .isGreaterThanOrEqualTo(0));
        assertThat(r.extended().results()).hasSize(Expectation.Test.values().length)
                .allSatisfy(o -> assertThat(o.expectation().modifier()).as(o.test().token() + " " + o.detail())
                        .isGreaterThanOrEqualTo(0));
    }
}

package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The TLS rules on hand-made scan results and certificates; the probes themselves run in NginxSiteAuditTest. */
class TlsAuditTest {

    private static TlsAudit.Scan scan(Map<TlsProbe.Version, List<String>> accepted, boolean tls13) {
        return new TlsAudit.Scan(accepted, tls13, true, false);
    }

    private static final List<String> MODERN = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    @Test
    void legacyVersionWithAnySuiteFamilyFailsAndModernOnlyPasses() {
        Finding f = TlsAudit.versions(scan(Map.of(TlsProbe.Version.TLS_1_0,
                List.of("TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"), TlsProbe.Version.TLS_1_2, MODERN), false));
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("TLSv1 (TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256)");
        Finding control = TlsAudit.versions(scan(Map.of(TlsProbe.Version.TLS_1_2, MODERN), true));
        assertThat(control.status()).isEqualTo(Status.PASS);
        assertThat(control.detail()).contains("accepts TLSv1.2 and TLSv1.3");
    }

    @Test
    void catalogueCoversEveryFamily() {
        List<String> names = List.copyOf(TlsCatalogue.ALL.values());
        for (String family : List.of("CAMELLIA_128_CBC", "CAMELLIA_256_GCM", "ARIA_128_GCM", "ARIA_256_CBC", "SEED_CBC",
                "CHACHA20_POLY1305", "AES_128_CCM", "AES_128_CCM_8", "IDEA", "3DES", "_DES_CBC", "RC4", "RC2", "NULL",
                "EXPORT", "DH_anon", "ECDH_anon", "TLS_ECDH_RSA", "TLS_DHE_DSS")) {
            assertThat(names).as(family).anyMatch(n -> n.contains(family));
        }
    }

    @Test
    void weakSuitesFailStrongPass() {
        assertThat(TlsAudit.ciphers(scan(Map.of(TlsProbe.Version.TLS_1_2, List.of("TLS_RSA_WITH_SEED_CBC_SHA",
                "TLS_RSA_WITH_IDEA_CBC_SHA")), false)).detail()).contains("TLS_RSA_WITH_IDEA_CBC_SHA")
                .doesNotContain("SEED");
        assertThat(TlsAudit.ciphers(scan(Map.of(TlsProbe.Version.TLS_1_2, MODERN), false)).status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void forwardSecrecy() {
        assertThat(TlsAudit.forwardSecrecy(scan(Map.of(TlsProbe.Version.TLS_1_2,
                List.of("TLS_RSA_WITH_AES_128_GCM_SHA256")), false)).status()).isEqualTo(Status.FAIL);
        assertThat(TlsAudit.forwardSecrecy(scan(Map.of(TlsProbe.Version.TLS_1_2,
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256")), false)).status())
                .isEqualTo(Status.WARN);
        assertThat(TlsAudit.forwardSecrecy(scan(Map.of(TlsProbe.Version.TLS_1_2, MODERN), false)).status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void cbcOnlyTls12WithoutTls13Warns() {
        List<String> cbc = List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        assertThat(TlsAudit.cbcOnly(scan(Map.of(TlsProbe.Version.TLS_1_2, cbc), false)).status()).isEqualTo(Status.WARN);
        assertThat(TlsAudit.cbcOnly(scan(Map.of(TlsProbe.Version.TLS_1_2, cbc), true)).status()).isEqualTo(Status.PASS);
        assertThat(TlsAudit.cbcOnly(scan(Map.of(TlsProbe.Version.TLS_1_2, MODERN), false)).status())
                .isEqualTo(Status.PASS);
    }

    private static X509Certificate cert(int rsaBits, String sigAlg) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(rsaBits);
        PublicKey key = g.generateKeyPair().getPublic();
        X509Certificate c = mock(X509Certificate.class);
        when(c.getPublicKey()).thenReturn(key);
        when(c.getSigAlgName()).thenReturn(sigAlg);
        return c;
    }

    @Test
    void smallKeyOrSha1SignatureFails() throws Exception {
        assertThat(TlsAudit.key(cert(1024, "SHA256withRSA")).status()).isEqualTo(Status.FAIL);
        assertThat(TlsAudit.key(cert(2048, "SHA1withRSA")).status()).isEqualTo(Status.FAIL);
        Finding ok = TlsAudit.key(cert(2048, "SHA256withRSA"));
        assertThat(ok.status()).isEqualTo(Status.PASS);
        assertThat(ok.detail()).contains("RSA 2048 bits", "SHA256withRSA");
    }

    private static X509Certificate issued(String subject, String issuer) {
        X509Certificate c = mock(X509Certificate.class);
        when(c.getSubjectX500Principal()).thenReturn(new X500Principal(subject));
        when(c.getIssuerX500Principal()).thenReturn(new X500Principal(issuer));
        return c;
    }

    @Test
    void chainMissingItsIntermediateIsIncomplete() {
        X509Certificate leaf = issued("CN=site", "CN=Intermediate");
        X509Certificate intermediate = issued("CN=Intermediate", "CN=Root");
        Set<X500Principal> anchors = Set.of(new X500Principal("CN=Root"));
        Finding missing = TlsAudit.chain(List.of(leaf), anchors);
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(missing.detail()).contains("incomplete", "CN=Intermediate");
        assertThat(TlsAudit.chain(List.of(leaf, intermediate), anchors).status()).isEqualTo(Status.PASS);
        assertThat(TlsAudit.chain(List.of(intermediate, leaf), anchors).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void renegotiationAndStapling() {
        assertThat(TlsAudit.renegotiation(false, Optional.of(false)).status()).isEqualTo(Status.FAIL);
        assertThat(TlsAudit.renegotiation(true, Optional.of(true)).status()).isEqualTo(Status.WARN);
        assertThat(TlsAudit.renegotiation(true, Optional.of(false)).status()).isEqualTo(Status.PASS);
        X509Certificate noAia = mock(X509Certificate.class);
        assertThat(TlsAudit.stapling(noAia, false).status()).isEqualTo(Status.PASS);
        X509Certificate withOcsp = mock(X509Certificate.class);
        when(withOcsp.getExtensionValue("1.3.6.1.5.5.7.1.1")).thenReturn(new byte[] {0x04, 0x10, 0x30, 0x0e, 0x30,
            0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, (byte) 0x86, 0x00});
        assertThat(TlsAudit.stapling(withOcsp, false).status()).isEqualTo(Status.WARN);
        assertThat(TlsAudit.stapling(withOcsp, true).status()).isEqualTo(Status.PASS);
    }

    @Test
    void stapledBytesThatAreNotAGoodOcspAnswerWarnAndNeverThrow() {
        X509Certificate leaf = mock(X509Certificate.class);
        when(leaf.getSerialNumber()).thenReturn(java.math.BigInteger.valueOf(0x1001));
        byte[] tryLater = {0x30, 0x03, 0x0a, 0x01, 0x03};
        Finding error = TlsAudit.stapling(leaf, true, Optional.of(tryLater), java.time.Instant.now());
        assertThat(error.status()).isEqualTo(Status.WARN);
        assertThat(error.detail()).contains("OCSP error answer (tryLater)");
        for (byte[] junk : List.of(new byte[0], new byte[] {0x30}, new byte[] {0x30, (byte) 0x84, 1, 1, 1, 1},
                new byte[] {0x30, 0x03, 0x0a, 0x01}, new byte[] {0x30, 0x03, 0x0a, 0x01, 0x00},
                new byte[] {0x30, 0x05, 0x0a, 0x01, 0x00, 0x05, 0x00}, "not DER at all".getBytes())) {
            assertThat(OcspStaple.parse(junk)).as(java.util.Arrays.toString(junk)).isEmpty();
            Finding f = TlsAudit.stapling(leaf, true, Optional.of(junk), java.time.Instant.now());
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.detail()).contains("not an OCSP response");
        }
    }
}

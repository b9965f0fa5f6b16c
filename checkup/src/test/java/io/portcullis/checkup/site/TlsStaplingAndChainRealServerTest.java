package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling, chain order and the keys of the intermediates against real nginx (Debian 1.22,
 * OpenSSL 3), with certificates and OCSP responses made by a throwaway CA run with the
 * {@code openssl} command line ({@link OpenSslCa}). nginx staples the response file named by
 * {@code ssl_stapling_file} as it is, without asking the responder (none runs here; the leaf's
 * AIA names {@code http://127.0.0.1:9/ocsp}, the discard port). Each bad case sits beside its control.
 *
 * <p>Two nginx processes: one with OpenSSL's default security level for the stapling and order
 * cases, one started with an {@code OPENSSL_CONF} at level 0, since nginx cannot otherwise load a
 * chain holding an RSA-1024 or SHA-1 intermediate (the control chain is served by it too).
 */
class TlsStaplingAndChainRealServerTest {

    private static final String RESPONDER = "http://127.0.0.1:9/ocsp";

    @TempDir
    static Path dir;
    private static RealServer nginx;
    private static RealServer weakNginx;
    private static final Map<String, Integer> PORT = new java.util.HashMap<>();
    private static OpenSslCa.Issued stapledLeaf;
    private static Set<X500Principal> anchors;

    @BeforeAll
    static void start() throws Exception {
        RealServer.require(RealServer.Binary.NGINX);
        if (!Files.isExecutable(OpenSslCa.OPENSSL)) {
            String message = "openssl not installed: apt-get install openssl";
            if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_SERVERS"))) {
                throw new AssertionError(message + " (required because PORTCULLIS_REQUIRE_SERVERS=1)");
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        OpenSslCa ca = new OpenSslCa(dir.resolve("ca"));
        OpenSslCa.Issued root = ca.root("checkup ocsp test root");
        anchors = Set.of(new X500Principal("CN=checkup ocsp test root"));
        stapledLeaf = ca.leaf(root, "leaf-ocsp", RESPONDER);
        OpenSslCa.Issued renewed = ca.leaf(root, "leaf-renewed", RESPONDER);
        OpenSslCa.Issued noAia = ca.leaf(root, "leaf-no-aia", null);
        Path good = ca.ocsp(root, stapledLeaf, 'V', stapledLeaf.serialHex(), "good");
        Path revoked = ca.ocsp(root, stapledLeaf, 'R', stapledLeaf.serialHex(), "revoked");
        Path unknown = ca.ocsp(root, stapledLeaf, 'V', "ABCDEF", "unknown");
        Path forRenewed = ca.ocsp(root, renewed, 'V', renewed.serialHex(), "for-renewed");

        OpenSslCa.Issued intA = ca.intermediate(root, "checkup int A", "ec", "sha256");
        OpenSslCa.Issued intB = ca.intermediate(intA, "checkup int B", "ec", "sha256");
        OpenSslCa.Issued deep = ca.leaf(intB, "leaf-deep", null);
        Path inOrder = ca.bundle("deep-in-order", deep.cert(), intB.cert(), intA.cert());
        Path outOfOrder = ca.bundle("deep-out-of-order", deep.cert(), intA.cert(), intB.cert());

        OpenSslCa.Issued rsa1024 = ca.intermediate(root, "checkup int rsa1024", "rsa:1024", "sha256");
        OpenSslCa.Issued sha1 = ca.intermediate(root, "checkup int sha1", "ec", "sha1");
        OpenSslCa.Issued strongInt = ca.intermediate(root, "checkup int strong", "ec", "sha256");
        OpenSslCa.Issued under1024 = ca.leaf(rsa1024, "leaf-under-rsa1024", null);
        OpenSslCa.Issued underSha1 = ca.leaf(sha1, "leaf-under-sha1", null);
        OpenSslCa.Issued underStrong = ca.leaf(strongInt, "leaf-under-strong", null);

        String t = dir.toString();
        String head = """
                daemon off; pid %1$s/%2$s.pid; error_log %1$s/%2$s.err;
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/nb; proxy_temp_path %1$s/np; fastcgi_temp_path %1$s/nf;
                  uwsgi_temp_path %1$s/nu; scgi_temp_path %1$s/ns;
                """;
        StringBuilder conf = new StringBuilder(head.formatted(t, "nginx"));
        block(conf, "stapled", stapledLeaf.cert(), stapledLeaf.key(), "ssl_stapling on; ssl_stapling_file " + good + ";");
        block(conf, "stapled-tls12", stapledLeaf.cert(), stapledLeaf.key(),
                "ssl_protocols TLSv1.2; ssl_stapling on; ssl_stapling_file " + good + ";");
        block(conf, "not-stapled", stapledLeaf.cert(), stapledLeaf.key(), "");
        block(conf, "no-responder", noAia.cert(), noAia.key(), "");
        block(conf, "revoked", stapledLeaf.cert(), stapledLeaf.key(),
                "ssl_stapling on; ssl_stapling_file " + revoked + ";");
        block(conf, "unknown", stapledLeaf.cert(), stapledLeaf.key(),
                "ssl_stapling on; ssl_stapling_file " + unknown + ";");
        block(conf, "other-certificate", stapledLeaf.cert(), stapledLeaf.key(),
                "ssl_stapling on; ssl_stapling_file " + forRenewed + ";");
        block(conf, "in-order", inOrder, deep.key(), "");
        block(conf, "out-of-order", outOfOrder, deep.key(), "");
        conf.append("}\n");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        nginx = RealServer.start(RealServer.Binary.NGINX, file, PORT.get("out-of-order"));

        StringBuilder weak = new StringBuilder(head.formatted(t, "weak"));
        block(weak, "rsa1024-intermediate", ca.bundle("c1", under1024.cert(), rsa1024.cert()), under1024.key(), "");
        block(weak, "sha1-intermediate", ca.bundle("c2", underSha1.cert(), sha1.cert()), underSha1.key(), "");
        block(weak, "strong-intermediate", ca.bundle("c3", underStrong.cert(), strongInt.cert()), underStrong.key(), "");
        weak.append("}\n");
        Path weakFile = dir.resolve("weak.conf");
        Files.writeString(weakFile, weak);
        weakNginx = RealServer.start(RealServer.Binary.NGINX, weakFile, PORT.get("strong-intermediate"),
                Map.of("OPENSSL_CONF", ca.weakOpenSslConf().toString()));
    }

    private static void block(StringBuilder conf, String name, Path cert, Path key, String extra) {
        int port = FreePort.next();
        PORT.put(name, port);
        conf.append("  server {\n    listen 127.0.0.1:").append(port).append(" ssl; ssl_certificate ").append(cert)
                .append("; ssl_certificate_key ").append(key).append(";\n    ")
                .append(extra.contains("ssl_protocols") ? "" : "ssl_protocols TLSv1.2 TLSv1.3; ")
                .append(extra).append(" return 200 \"x\";\n  }\n");
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (weakNginx != null) {
            weakNginx.close();
        }
    }

    private static Finding audited(String server, String id) {
        return TlsAudit.run("127.0.0.1", PORT.get(server), null, anchors).stream()
                .filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static Finding stapling(String server) throws Exception {
        TlsAudit.Presented p = TlsAudit.presented("127.0.0.1", PORT.get(server));
        return TlsAudit.stapling(p.chain().get(0), false, p.staple(), Instant.now());
    }

    // ------------------------------------------------------------------ OCSP stapling

    @Test
    void nginxStaplingAGoodResponsePassesAsStapled() {
        Finding f = audited("stapled", "transport.tls-ocsp-stapling");
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.detail()).contains("stapled: good", "next update");
    }

    @Test
    void theStapleIsSeenOnTls13AndOnTls12() throws Exception {
        // TLS 1.3 carries it in the encrypted Certificate message (JSSE reads it); TLS 1.2 echoes
        // status_request in the ServerHello, which the hand-built probe reads
        assertThat(TlsAudit.presented("127.0.0.1", PORT.get("stapled")).staple()).isPresent();
        assertThat(TlsAudit.scan("127.0.0.1", PORT.get("stapled-tls12")).stapled()).isTrue();
        assertThat(stapling("stapled-tls12").detail()).contains("stapled: good");
        // control: the same certificate without ssl_stapling
        assertThat(TlsAudit.presented("127.0.0.1", PORT.get("not-stapled")).staple()).isEmpty();
        assertThat(TlsAudit.scan("127.0.0.1", PORT.get("not-stapled")).stapled()).isFalse();
    }

    @Test
    void theSameCertificateWithoutStaplingWarns() {
        Finding f = audited("not-stapled", "transport.tls-ocsp-stapling");
        assertThat(f.status()).isEqualTo(Status.WARN);
        assertThat(f.detail()).contains("names an OCSP responder", "staples no answer");
    }

    @Test
    void aCertificateWithoutAnOcspResponderPassesWithNothingToStaple() {
        Finding f = audited("no-responder", "transport.tls-ocsp-stapling");
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.detail()).contains("names no OCSP responder", "nothing to staple");
    }

    @Test
    void aStapledRevokedResponseFails() throws Exception {
        Finding f = stapling("revoked");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("REVOKED");
        assertThat(f.fix()).contains("revoked");
        assertThat(stapling("stapled").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aStapledUnknownAnswerFails() throws Exception {
        Finding f = stapling("unknown");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("does not know this certificate");
    }

    @Test
    void aStapledResponseForAnotherCertificateFails() throws Exception {
        Finding f = stapling("other-certificate");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("about another certificate", "this one is "
                + stapledLeaf.serialHex().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void theRealStapleJudgedAfterItsNextUpdateIsOutOfDate() throws Exception {
        // openssl ocsp cannot back-date nextUpdate (-ndays/-nmin must be positive): the bytes nginx
        // really staples (next update in 7 days) are judged 8 days from now, and now as the control
        TlsAudit.Presented p = TlsAudit.presented("127.0.0.1", PORT.get("stapled"));
        Finding later = TlsAudit.stapling(p.chain().get(0), true, p.staple(), Instant.now().plus(Duration.ofDays(8)));
        assertThat(later.status()).isEqualTo(Status.WARN);
        assertThat(later.detail()).contains("out of date");
        assertThat(TlsAudit.stapling(p.chain().get(0), true, p.staple(), Instant.now()).status())
                .isEqualTo(Status.PASS);
    }

    // ------------------------------------------------------------------ chain order and keys

    @Test
    void intermediatesSentOutOfOrderFail() {
        Finding f = audited("out-of-order", "transport.tls-chain");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("wrong order");
        Finding control = audited("in-order", "transport.tls-chain");
        assertThat(control.status()).isEqualTo(Status.PASS);
        assertThat(control.detail()).contains("3 certificate(s)");
    }

    @Test
    void anRsa1024IntermediateTheServerSendsFailsThoughTheLeafIsStrong() {
        Finding f = audited("rsa1024-intermediate", "transport.tls-key");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("intermediate sent as certificate 2", "CN=checkup int rsa1024", "RSA 1024 bits",
                "too small").doesNotContain("the certificate:");
    }

    @Test
    void aSha1SignedIntermediateTheServerSendsFails() {
        Finding f = audited("sha1-intermediate", "transport.tls-key");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.detail()).contains("CN=checkup int sha1", "SHA1withECDSA", "SHA-1");
    }

    @Test
    void aStrongIntermediateOnTheSameWeakenedServerPasses() {
        Finding f = audited("strong-intermediate", "transport.tls-key");
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.detail()).contains("EC 256 bits", "1 other certificate(s) sent are strong too");
        assertThat(audited("strong-intermediate", "transport.tls-chain").status()).isEqualTo(Status.PASS);
    }

    @Test
    void theLeafIsStillJudgedWhenTheServerSendsItAlone() throws Exception {
        List<java.security.cert.X509Certificate> sent = TlsAudit.presentedChain("127.0.0.1", PORT.get("no-responder"));
        assertThat(sent).hasSize(1);
        assertThat(TlsAudit.key(sent).detail()).contains("certificate key EC 256 bits")
                .doesNotContain("other certificate");
        assertThat(Optional.of(sent.get(0).getSigAlgName())).contains("SHA256withECDSA");
    }
}

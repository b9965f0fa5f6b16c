package io.portcullis.boot;

import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.TrustingClient;
import java.net.http.HttpClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * HTTPS for the test applications: Boot's own {@code server.ssl.*} keys and a client trusting that
 * certificate only.
 */
final class Tls {

    static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    static final HttpClient CLIENT = TrustingClient.trusting(CERT);

    private Tls() {
    }

    static void serverSsl(DynamicPropertyRegistry r) {
        r.add("server.ssl.key-store", () -> "file:" + CERT.keyStore());
        r.add("server.ssl.key-store-password", () -> SelfSignedCertificate.PASSWORD);
        r.add("server.ssl.key-store-type", () -> "PKCS12");
        r.add("server.ssl.key-alias", () -> SelfSignedCertificate.ALIAS);
    }
}

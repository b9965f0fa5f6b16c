package io.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A {@link HttpClient} that trusts exactly one test certificate (no trust-all), never follows
 * redirects, and so sees every status and header the server really sent.
 */
public final class TrustingClient {

    private TrustingClient() {
    }

    /** A client trusting {@code cert} only. */
    public static HttpClient trusting(SelfSignedCertificate cert) {
        return HttpClient.newBuilder()
                .sslContext(sslContext(cert))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** An SSL context trusting {@code cert} only. */
    public static SSLContext sslContext(SelfSignedCertificate cert) {
        return sslContext(cert.pem());
    }

    /** An SSL context trusting only the certificate in the PEM file {@code pem}. */
    public static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

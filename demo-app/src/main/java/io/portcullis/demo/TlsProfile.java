package io.portcullis.demo;

import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Mozilla's "intermediate" server-side TLS profile (version 5.7): TLS 1.2 and 1.3 only; on
 * TLS 1.2 only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (AEAD with forward secrecy, no
 * CBC, no RSA key exchange, no DHE); client-initiated renegotiation refused.
 */
final class TlsProfile {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** In the profile's order; the demo's key is EC, so the ECDSA suites are the ones used. */
    static final List<String> SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsProfile() {
    }

    static SslContextFactory.Server server(DemoCertificate certificate) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(certificate.loadedKeyStore());
        ssl.setKeyStorePassword(certificate.password());
        ssl.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        ssl.setIncludeCipherSuites(SUITES.toArray(String[]::new));
        ssl.setExcludeCipherSuites(); // Jetty's default exclusions are a subset of what is not included
        ssl.setUseCipherSuitesOrder(false); // the profile leaves the choice to the client: every suite is strong
        ssl.setRenegotiationAllowed(false);
        return ssl;
    }
}

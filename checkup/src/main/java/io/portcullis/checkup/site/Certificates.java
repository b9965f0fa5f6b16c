package io.portcullis.checkup.site;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for checkup's TLS connections (the JDK's CA store, or exactly the certificates of a
 * {@code --cacert} PEM file) and the certificate check itself: one handshake with host-name
 * verification (RFC 6125, as browsers do it) and a look at how long the leaf stays valid.
 */
final class Certificates {

    /** Under this many days left: fail (renewal has clearly failed). */
    static final int FAIL_DAYS = 7;
    /** Under this many days left: warn (ACME clients renew with 30 days left, short-lived certs later). */
    static final int WARN_DAYS = 14;

    private Certificates() {
    }

    /** The trust used to verify the site: the PEM's certificates only, or the JDK default CAs. */
    static SSLContext verifying(Path caPem) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caPem == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(caPem)) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certs.isEmpty()) {
                    throw new GeneralSecurityException("no certificate in " + caPem);
                }
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            tmf.init(ks);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The subjects of the CAs {@link #verifying} trusts, for the chain-completeness check. */
    static java.util.Set<javax.security.auth.x500.X500Principal> anchors(Path caPem) throws IOException,
            GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caPem == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(caPem)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            tmf.init(ks);
        }
        java.util.Set<javax.security.auth.x500.X500Principal> out = new java.util.HashSet<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    out.add(c.getSubjectX500Principal());
                }
            }
        }
        return out;
    }

    /**
     * Trusts anything: used only after the certificate check has already failed and been reported,
     * so the rest of the site (headers, cookies) can still be examined.
     */
    static SSLContext unverified() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AcceptAll()}, null);
        return ctx;
    }

    /** Result of the handshake: the leaf certificate (if any) and the verification error (if any). */
    record Result(X509Certificate leaf, String error, String protocol) {
        boolean valid() {
            return error == null;
        }

        long daysLeft(Instant now) {
            return leaf == null ? -1 : Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
        }
    }

    static Result check(SSLContext verifying, String host, int port) throws IOException {
        try {
            SSLSocket s = handshake(verifying, host, port, true);
            try (s) {
                return new Result((X509Certificate) s.getSession().getPeerCertificates()[0], null,
                        s.getSession().getProtocol());
            }
        } catch (SSLException e) {
            X509Certificate leaf = null;
            try (SSLSocket s = handshake(unverified(), host, port, false)) {
                leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            } catch (IOException | GeneralSecurityException ignored) {
                // the reason we report is the first one
            }
            return new Result(leaf, explain(e), null);
        }
    }

    private static SSLSocket handshake(SSLContext ctx, String host, int port, boolean identify) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) Http.TIMEOUT.toMillis());
            plain.setSoTimeout((int) Http.TIMEOUT.toMillis());
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (identify) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!Http.isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** One line saying why the certificate was refused, from the JSSE exception chain. */
    static String explain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String text = all.toString();
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "certificate is not valid for this host name (" + Http.abbreviate(firstMatching(e, "No ")) + ")";
        }
        if (text.contains("CertificateExpired") || text.contains("validity check failed") || text.contains("expired")) {
            return "certificate has expired";
        }
        if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            return "certificate is not signed by a trusted authority (give the CA with --cacert for a private CA)";
        }
        return "TLS handshake failed: " + Http.abbreviate(String.valueOf(e.getMessage()));
    }

    private static String firstMatching(Throwable e, String prefix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                return t.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package io.portcullis.checkup.site;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS findings a site owner must act on (not testssl's whole catalogue): protocol versions
 * and cipher suites enumerated with hand-built ClientHellos offering every suite family
 * ({@link TlsCatalogue}), forward secrecy, CBC-only TLS 1.2, the certificate's key size and
 * signature algorithm, chain completeness, secure and client-initiated renegotiation, and OCSP
 * stapling.
 */
final class TlsAudit {

    /** Most suites enumerated per protocol version (a server rarely enables more). */
    static final int MAX_SUITES = 64;

    /**
     * What the probes found; {@code tls13Suites} are the TLS 1.3 suites the server accepted, in the
     * order it chose them (empty when it has no TLS 1.3, or when only JSSE could tell).
     */
    record Scan(Map<TlsProbe.Version, List<String>> accepted, boolean tls13, boolean secureRenegotiation,
                boolean stapled, List<String> tls13Suites) {
        Scan {
            tls13Suites = List.copyOf(tls13Suites);
        }

        Scan(Map<TlsProbe.Version, List<String>> accepted, boolean tls13, boolean secureRenegotiation,
             boolean stapled) {
            this(accepted, tls13, secureRenegotiation, stapled, List.of());
        }

        List<String> tls12() {
            return accepted.getOrDefault(TlsProbe.Version.TLS_1_2, List.of());
        }
    }

    private TlsAudit() {
    }

    static List<Finding> run(String host, int port, Certificates.Result cert, Set<X500Principal> anchors) {
        List<Finding> out = new ArrayList<>();
        Scan scan;
        try {
            scan = scan(host, port);
        } catch (IOException e) {
            out.add(Finding.warn("transport.tls-versions", "could not check: " + SiteAudit.describe(e), null));
            return out;
        }
        out.add(versions(scan));
        out.add(ciphers(scan));
        out.add(forwardSecrecy(scan));
        out.add(cbcOnly(scan));
        X509Certificate leaf = cert == null ? null : cert.leaf();
        Presented presented = null;
        try {
            presented = presented(host, port);
        } catch (IOException | GeneralSecurityException e) {
            out.add(Finding.warn("transport.tls-chain", "could not check: " + e.getMessage(), null));
        }
        if (presented != null && !presented.chain().isEmpty()) {
            out.add(key(presented.chain()));
            out.add(chain(presented.chain(), anchors));
        } else if (leaf != null) {
            out.add(key(leaf));
        }
        Optional<Boolean> reneg;
        try {
            reneg = Optional.of(clientRenegotiationAccepted(host, port));
        } catch (IOException | GeneralSecurityException e) {
            reneg = Optional.empty();
        }
        out.add(renegotiation(scan.secureRenegotiation(), reneg));
        if (presented != null && !presented.chain().isEmpty()) {
            out.add(stapling(presented.chain().get(0), scan.stapled(), presented.staple(), java.time.Instant.now()));
        } else if (leaf != null) {
            out.add(stapling(leaf, scan.stapled()));
        }
        return out;
    }

    /**
     * What a TLS handshake shows: the certificates sent, leaf first, and the OCSP response stapled
     * for the leaf (RFC 6066 status_request; JSSE asks for it by default, TLS 1.2 and 1.3), if any.
     */
    record Presented(List<X509Certificate> chain, Optional<byte[]> staple) {
        Presented {
            chain = List.copyOf(chain);
        }
    }

    /** Enumerates accepted suites per version by offering everything, then everything but what was chosen. */
    static Scan scan(String host, int port) throws IOException {
        Map<TlsProbe.Version, List<String>> accepted = new EnumMap<>(TlsProbe.Version.class);
        boolean secureReneg = false;
        boolean stapled = false;
        for (TlsProbe.Version v : TlsProbe.Version.values()) {
            Map<Integer, String> offer = new LinkedHashMap<>(TlsCatalogue.ALL);
            List<String> found = new ArrayList<>();
            for (int i = 0; i < MAX_SUITES && !offer.isEmpty(); i++) {
                Optional<TlsProbe.Accepted> a = TlsProbe.offer(host, port, v, offer, v == TlsProbe.Version.TLS_1_2);
                if (a.isEmpty()) {
                    break;
                }
                if (v == TlsProbe.Version.TLS_1_2 && i == 0) {
                    secureReneg = a.get().extensions().contains(0xff01);
                    stapled = a.get().extensions().contains(0x0005);
                }
                found.add(a.get().suiteName());
                if (offer.remove(a.get().suite()) == null) {
                    break;
                }
            }
            if (!found.isEmpty()) {
                accepted.put(v, List.copyOf(found));
            }
        }
        List<String> tls13 = tls13Suites(host, port);
        return new Scan(accepted, !tls13.isEmpty() || acceptsTls13(host, port), secureReneg, stapled, tls13);
    }

    /** The TLS 1.3 suites accepted: all five offered, then all but those already chosen. */
    static List<String> tls13Suites(String host, int port) throws IOException {
        Map<Integer, String> offer = new LinkedHashMap<>(TlsProbe.TLS13);
        List<String> found = new ArrayList<>();
        while (!offer.isEmpty()) {
            Optional<Integer> chosen = TlsProbe.offerTls13(host, port, offer.keySet());
            if (chosen.isEmpty()) {
                break;
            }
            String name = offer.remove(chosen.get());
            if (name == null) { // a suite not offered: a broken server, stop here
                break;
            }
            found.add(name);
        }
        return List.copyOf(found);
    }

    static Finding versions(Scan s) {
        String id = "transport.tls-versions";
        List<String> legacy = new ArrayList<>();
        for (TlsProbe.Version v : List.of(TlsProbe.Version.TLS_1_0, TlsProbe.Version.TLS_1_1)) {
            List<String> suites = s.accepted().get(v);
            if (suites != null) {
                legacy.add(v.label + " (" + String.join(", ", suites) + ")");
            }
        }
        String modern = (s.accepted().containsKey(TlsProbe.Version.TLS_1_2) ? "TLSv1.2" : "")
                + (s.tls13() ? (s.accepted().containsKey(TlsProbe.Version.TLS_1_2) ? " and " : "") + "TLSv1.3"
                        + (s.tls13Suites().isEmpty() ? "" : " (" + String.join(", ", s.tls13Suites()) + ")") : "");
        if (!legacy.isEmpty()) {
            return Finding.fail(id, "server accepts " + String.join(", ", legacy), Fix.TLS_PROTOCOLS);
        }
        return Finding.pass(id, "server refuses TLSv1 and TLSv1.1 (offered " + TlsCatalogue.ALL.size()
                + " suites of every family)" + (modern.isEmpty() ? "" : "; accepts " + modern));
    }

    static Finding ciphers(Scan s) {
        String id = "transport.tls-ciphers";
        List<String> weak = new ArrayList<>();
        s.accepted().values().forEach(list -> list.stream().filter(TlsCatalogue::weak)
                .filter(x -> !weak.contains(x)).forEach(weak::add));
        if (!weak.isEmpty()) {
            return Finding.fail(id, "server accepts the weak suite " + String.join(", ", weak)
                    + " (NULL, anon, export, DES, RC4, RC2, 3DES or IDEA)", Fix.TLS_CIPHERS);
        }
        return Finding.pass(id, "server refuses every NULL, anon, export, DES, RC4, RC2, 3DES and IDEA suite");
    }

    static Finding forwardSecrecy(Scan s) {
        String id = "transport.tls-forward-secrecy";
        List<String> tls12 = s.tls12();
        if (tls12.isEmpty()) {
            return s.tls13() ? Finding.pass(id, "TLSv1.3 only: every suite is forward secret")
                    : Finding.warn(id, "no TLSv1.2 or TLSv1.3 suite accepted", Fix.TLS_CIPHERS);
        }
        List<String> without = tls12.stream().filter(x -> !TlsCatalogue.forwardSecret(x)).toList();
        if (without.size() == tls12.size() && !s.tls13()) {
            return Finding.fail(id, "no accepted suite has forward secrecy (" + String.join(", ", without)
                    + "): a stolen key decrypts recorded traffic", Fix.TLS_CIPHERS);
        }
        if (!without.isEmpty()) {
            return Finding.warn(id, "also accepts suites without forward secrecy: " + String.join(", ", without),
                    Fix.TLS_CIPHERS);
        }
        return Finding.pass(id, "every accepted TLSv1.2 suite uses ECDHE or DHE");
    }

    static Finding cbcOnly(Scan s) {
        String id = "transport.tls-cbc";
        List<String> tls12 = s.tls12();
        long aead = tls12.stream().filter(TlsCatalogue::aead).count();
        if (!tls12.isEmpty() && aead == 0 && !s.tls13()) {
            return Finding.warn(id, "only CBC suites on TLSv1.2 and no TLSv1.3 (" + String.join(", ", tls12)
                    + "): enable GCM or ChaCha20-Poly1305", Fix.TLS_CIPHERS);
        }
        return Finding.pass(id, aead + " AEAD suite(s) on TLSv1.2" + (s.tls13() ? ", and TLSv1.3" : ""));
    }

    static Finding key(X509Certificate leaf) {
        return key(List.of(leaf));
    }

    /**
     * The key size and signature algorithm of every certificate the server sends: the leaf, and
     * the intermediates too, since the site owner chose to send them and a browser refuses an
     * RSA-1024 or SHA-1 link anywhere below the root. A self-issued certificate sent at the end
     * (a root) is judged by its key only: clients never check a root's signature on itself.
     */
    static Finding key(List<X509Certificate> sent) {
        String id = "transport.tls-key";
        String leafDetail = null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            X509Certificate c = sent.get(i);
            boolean root = i > 0 && c.getIssuerX500Principal() != null
                    && c.getIssuerX500Principal().equals(c.getSubjectX500Principal());
            KeyVerdict v = keyVerdict(c, !root);
            if (i == 0) {
                leafDetail = "certificate key " + v.what() + ", signed with " + c.getSigAlgName();
            }
            if (v.weakKey() || v.weakSig()) {
                String who = i == 0 ? "the certificate" : (root ? "the root" : "the intermediate")
                        + " sent as certificate " + (i + 1) + " (" + name(c) + ")";
                problems.add(who + ": " + v.what() + ", signed with " + c.getSigAlgName()
                        + (v.weakKey() ? "; the key is too small (RSA >= 2048, EC >= 256)" : "")
                        + (v.weakSig() ? "; MD5/SHA-1 signatures are refused by browsers" : ""));
            }
        }
        if (!problems.isEmpty()) {
            return Finding.fail(id, String.join("; ", problems), Fix.TLS_CERTIFICATE_KEY);
        }
        return Finding.pass(id, leafDetail + (sent.size() > 1 ? "; the " + (sent.size() - 1)
                + " other certificate(s) sent are strong too" : ""));
    }

    private static String name(X509Certificate c) {
        return c.getSubjectX500Principal() == null ? "?" : c.getSubjectX500Principal().getName();
    }

    private record KeyVerdict(String what, boolean weakKey, boolean weakSig) {
    }

    private static KeyVerdict keyVerdict(X509Certificate leaf, boolean judgeSignature) {
        PublicKey k = leaf.getPublicKey();
        String sig = leaf.getSigAlgName();
        String what;
        boolean weakKey;
        if (k instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            what = "RSA " + bits + " bits";
            weakKey = bits < 2048;
        } else if (k instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            what = "EC " + bits + " bits";
            weakKey = bits < 256;
        } else if (k instanceof DSAPublicKey dsa) {
            what = "DSA " + dsa.getParams().getP().bitLength() + " bits";
            weakKey = true;
        } else {
            what = k.getAlgorithm();
            weakKey = false;
        }
        String upper = sig.toUpperCase(java.util.Locale.ROOT);
        boolean weakSig = upper.contains("MD5") || upper.contains("MD2") || upper.startsWith("SHA1")
                || upper.contains("SHA1WITH");
        return new KeyVerdict(what, weakKey, judgeSignature && weakSig);
    }

    static Finding chain(List<X509Certificate> presented, Set<X500Principal> anchors) {
        String id = "transport.tls-chain";
        if (presented.isEmpty()) {
            return Finding.warn(id, "no certificate presented", Fix.TLS_CHAIN);
        }
        for (int i = 0; i + 1 < presented.size(); i++) {
            if (!presented.get(i).getIssuerX500Principal().equals(presented.get(i + 1).getSubjectX500Principal())) {
                return Finding.fail(id, "certificate " + (i + 1) + " was issued by "
                        + presented.get(i).getIssuerX500Principal().getName() + " but the next one sent is "
                        + presented.get(i + 1).getSubjectX500Principal().getName() + " (wrong order or stray "
                        + "certificate)", Fix.TLS_CHAIN);
            }
        }
        X509Certificate last = presented.get(presented.size() - 1);
        boolean selfIssued = last.getIssuerX500Principal().equals(last.getSubjectX500Principal());
        if (selfIssued || anchors.contains(last.getIssuerX500Principal())) {
            return Finding.pass(id, "complete: " + presented.size() + " certificate(s) sent, ending at "
                    + (selfIssued ? "a self-issued certificate" : "a trusted root's child"));
        }
        return Finding.fail(id, "incomplete: " + presented.size() + " certificate(s) sent; the issuer of the last, "
                + last.getIssuerX500Principal().getName() + ", is neither sent nor a trusted root (clients "
                + "without it cached fail)", Fix.TLS_CHAIN);
    }

    static Finding renegotiation(boolean secure, Optional<Boolean> clientInitiatedAccepted) {
        String id = "transport.tls-renegotiation";
        if (!secure) {
            return Finding.fail(id, "the TLSv1.2 ServerHello carries no renegotiation_info (RFC 5746): insecure "
                    + "renegotiation", Fix.TLS_RENEGOTIATION);
        }
        if (clientInitiatedAccepted.isEmpty()) {
            return Finding.pass(id, "secure renegotiation (RFC 5746); client-initiated renegotiation not testable "
                    + "(no TLSv1.2 handshake)");
        }
        return clientInitiatedAccepted.get()
                ? Finding.warn(id, "accepts client-initiated renegotiation: one client can make the server redo "
                + "handshakes at will (CPU denial of service)", Fix.TLS_RENEGOTIATION)
                : Finding.pass(id, "secure renegotiation (RFC 5746); client-initiated renegotiation refused");
    }

    static Finding stapling(X509Certificate leaf, boolean stapled) {
        return stapling(leaf, stapled, Optional.empty(), java.time.Instant.now());
    }

    /**
     * Stapling, and what the stapled response says about {@code leaf} when it could be read
     * ({@code staple}): revoked, unknown or about another certificate fails (browsers that check
     * refuse the site: Firefox answers MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING to a
     * staple for another certificate); past its nextUpdate or not "successful" warns (browsers
     * ignore it and ask the CA themselves). The responder's signature is not checked.
     */
    static Finding stapling(X509Certificate leaf, boolean stapledHello, Optional<byte[]> staple,
                            java.time.Instant now) {
        String id = "transport.tls-ocsp-stapling";
        if (staple.isPresent()) {
            return stapled(leaf, staple.get(), now);
        }
        if (stapledHello) {
            return Finding.pass(id, "OCSP response stapled");
        }
        if (!hasOcspResponder(leaf)) {
            return Finding.pass(id, "not stapled; the certificate names no OCSP responder, so there is nothing to staple");
        }
        return Finding.warn(id, "the certificate names an OCSP responder but the server staples no answer: each "
                + "visitor's browser asks the CA (slower, and tells the CA who visits)", Fix.TLS_STAPLING);
    }

    private static Finding stapled(X509Certificate leaf, byte[] der, java.time.Instant now) {
        String id = "transport.tls-ocsp-stapling";
        Optional<OcspStaple> parsed = OcspStaple.parse(der);
        if (parsed.isEmpty()) {
            return Finding.warn(id, "the server staples " + der.length + " bytes that are not an OCSP response "
                    + "(RFC 6960); browsers ignore them", Fix.TLS_STAPLING_STALE);
        }
        OcspStaple r = parsed.get();
        if (r.responseStatus() != 0) {
            return Finding.warn(id, "the server staples an OCSP error answer (" + r.statusName() + "), not a "
                    + "certificate status; browsers ignore it", Fix.TLS_STAPLING_STALE);
        }
        java.math.BigInteger serial = leaf.getSerialNumber();
        Optional<OcspStaple.Single> about = serial == null ? Optional.empty() : r.about(serial);
        if (about.isEmpty()) {
            List<String> serials = r.answers().stream().map(a -> a.serial().toString(16)).toList();
            return Finding.fail(id, "the stapled OCSP response is about another certificate (serial "
                    + String.join(", ", serials) + "; this one is " + (serial == null ? "?" : serial.toString(16))
                    + "), e.g. an old response file kept after a renewal; Firefox refuses the site "
                    + "(MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING)", Fix.TLS_STAPLING_STALE);
        }
        OcspStaple.Single a = about.get();
        String dates = "this update " + a.thisUpdate() + (a.nextUpdate() == null ? ", no next update"
                : ", next update " + a.nextUpdate());
        if (a.status() == OcspStaple.CertStatus.REVOKED) {
            return Finding.fail(id, "the stapled OCSP response says the certificate is REVOKED (since "
                    + a.revokedAt() + "; " + dates + "): browsers refuse the site", Fix.TLS_STAPLING_REVOKED);
        }
        if (a.status() == OcspStaple.CertStatus.UNKNOWN) {
            return Finding.fail(id, "the stapled OCSP response says the CA does not know this certificate (unknown; "
                    + dates + "): Firefox refuses the site", Fix.TLS_STAPLING_STALE);
        }
        if (a.nextUpdate() != null && !now.isBefore(a.nextUpdate())) {
            return Finding.warn(id, "the stapled OCSP response is out of date (" + dates + "): browsers ignore it "
                    + "and ask the CA themselves, or refuse the site under must-staple", Fix.TLS_STAPLING_STALE);
        }
        if (now.isBefore(a.thisUpdate())) {
            return Finding.warn(id, "the stapled OCSP response is not valid yet (" + dates + "; check the clock)",
                    Fix.TLS_STAPLING_STALE);
        }
        return Finding.pass(id, "OCSP response stapled: good (" + dates + "; the responder's signature is not "
                + "checked)");
    }

    /** Whether the Authority Information Access extension names an OCSP responder (id-ad-ocsp). */
    static boolean hasOcspResponder(X509Certificate c) {
        byte[] aia = c.getExtensionValue("1.3.6.1.5.5.7.1.1");
        if (aia == null) {
            return false;
        }
        byte[] ocsp = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
        outer:
        for (int i = 0; i + ocsp.length <= aia.length; i++) {
            for (int j = 0; j < ocsp.length; j++) {
                if (aia[i + j] != ocsp[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static SSLSocket connect(String host, int port, String protocol) throws IOException,
            GeneralSecurityException {
        SSLContext ctx = Certificates.unverified();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) Http.TIMEOUT.toMillis());
            plain.setSoTimeout(5000);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {protocol});
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

    static boolean acceptsTls13(String host, int port) {
        try (SSLSocket s = connect(host, port, "TLSv1.3")) {
            return "TLSv1.3".equals(s.getSession().getProtocol());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The certificates the server sends, leaf first. */
    static List<X509Certificate> presentedChain(String host, int port) throws IOException, GeneralSecurityException {
        return presented(host, port).chain();
    }

    /** The certificates the server sends, leaf first, and the OCSP response it staples for the leaf. */
    static Presented presented(String host, int port) throws IOException, GeneralSecurityException {
        IOException last = null;
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (SSLSocket s = connect(host, port, protocol)) {
                List<X509Certificate> out = new ArrayList<>();
                for (Certificate c : s.getSession().getPeerCertificates()) {
                    out.add((X509Certificate) c);
                }
                Optional<byte[]> staple = Optional.empty();
                if (s.getSession() instanceof ExtendedSSLSession e && !e.getStatusResponses().isEmpty()
                        && e.getStatusResponses().get(0).length > 0) {
                    staple = Optional.of(e.getStatusResponses().get(0));
                }
                return new Presented(out, staple);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Completes a TLSv1.2 handshake, then asks for a new one (a renegotiation the client starts):
     * a second completed handshake means the server went along with it; an alert
     * ({@code no_renegotiation}) or a closed connection means it refused. Sending application
     * data before the new handshake ends would be refused by OpenSSL even when it allows
     * renegotiation (measured with {@code openssl s_server -client_renegotiation}).
     *
     * @throws IOException when no TLSv1.2 handshake is possible at all
     */
    static boolean clientRenegotiationAccepted(String host, int port) throws IOException, GeneralSecurityException {
        java.util.concurrent.atomic.AtomicInteger handshakes = new java.util.concurrent.atomic.AtomicInteger(1);
        try (SSLSocket s = connect(host, port, "TLSv1.2")) {
            s.addHandshakeCompletedListener(e -> handshakes.incrementAndGet());
            try {
                // JSSE sends the new ClientHello and returns; reading drives the handshake to its end
                s.startHandshake();
                s.setSoTimeout(200);
                InputStream in = s.getInputStream();
                for (int i = 0; i < 15 && handshakes.get() < 2; i++) {
                    try {
                        if (in.read() < 0) {
                            return false;
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still waiting for the server's answer
                    }
                }
                return handshakes.get() >= 2;
            } catch (IOException e) {
                return false;
            }
        }
    }
}

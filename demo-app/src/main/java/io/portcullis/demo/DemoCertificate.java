package io.portcullis.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's self-signed TLS certificate for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1} (subjectAltName, RFC 5280 §4.2.1.6), made with BouncyCastle on first start under
 * {@code <data-dir>/tls/}: {@code server.p12} (key + certificate, random password in
 * {@code server.p12.pass}, owner-only permissions) and {@code server.pem} for clients
 * ({@code curl --cacert}). Reused while valid for at least another day; valid 365 days.
 */
final class DemoCertificate {

    static final String ALIAS = "portcullis-demo";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Path keyStore;
    private final Path pem;
    private final String password;
    private final boolean created;
    private final KeyStore loaded;

    private DemoCertificate(Path keyStore, Path pem, String password, boolean created, KeyStore loaded) {
        this.keyStore = keyStore;
        this.pem = pem;
        this.password = password;
        this.created = created;
        this.loaded = loaded;
    }

    /** The key store as loaded at start (Jetty gets the object, never a path it would parse as a URI). */
    KeyStore loadedKeyStore() {
        return loaded;
    }

    Path keyStore() {
        return keyStore;
    }

    Path pem() {
        return pem;
    }

    String password() {
        return password;
    }

    /** True when this start made a new certificate. */
    boolean created() {
        return created;
    }

    /**
     * Loads the certificate under {@code dir}, or makes a new one when there is none or it is about
     * to expire.
     *
     * @throws DemoDataException when the files exist but cannot be read (damaged, wrong password,
     *     one of the three missing): they are never silently replaced
     */
    static synchronized DemoCertificate in(Path dir) throws IOException {
        Path p12 = dir.resolve("server.p12");
        Path pass = dir.resolve("server.p12.pass");
        Path pem = dir.resolve("server.pem");
        boolean any = Files.exists(p12) || Files.exists(pass) || Files.exists(pem);
        if (any) {
            for (Path p : new Path[] {p12, pass, pem}) {
                if (!Files.isRegularFile(p)) {
                    throw new DemoDataException(p + " is missing beside the other TLS files; restore it, or delete "
                            + dir + " to make a new self-signed certificate");
                }
            }
            String pw = Files.readString(pass, StandardCharsets.ISO_8859_1).trim();
            KeyStore ks = load(p12, pw);
            X509Certificate c;
            try {
                c = (X509Certificate) ks.getCertificate(ALIAS);
            } catch (GeneralSecurityException e) {
                c = null;
            }
            if (c == null) {
                throw new DemoDataException(p12 + " holds no certificate named " + ALIAS + "; restore it, or delete " + dir
                        + " to make a new self-signed certificate");
            }
            if (c.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                return new DemoCertificate(p12, pem, pw, false, ks);
            }
            // expired or about to: renewing a certificate the demo made itself is not data loss
        }
        Files.createDirectories(dir);
        try {
            create(p12, pass, pem);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the TLS certificate: " + e.getMessage(), e);
        }
        String pw = Files.readString(pass, StandardCharsets.US_ASCII).trim();
        return new DemoCertificate(p12, pem, pw, true, load(p12, pw));
    }

    private static KeyStore load(Path p12, String pw) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new DemoDataException(p12 + " cannot be read as a PKCS#12 key store with the password in server.p12.pass ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0])
                    + "). It was left as it is: restore it, or delete " + p12.getParent()
                    + " to make a new self-signed certificate");
        }
    }

    private static void create(Path p12, Path pass, Path pem)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost, O=Portcullis demo (self-signed)");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        cert.verify(pair.getPublic());

        byte[] pwBytes = new byte[18];
        random.nextBytes(pwBytes);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(pwBytes);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), pw.toCharArray(), new Certificate[] {cert});

        writePrivate(pass, pw.getBytes(StandardCharsets.US_ASCII));
        Path tmp = Files.createTempFile(p12.getParent(), "server", ".tmp");
        try {
            restrict(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, pw.toCharArray());
            }
            Files.move(tmp, p12, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(cert);
        }
        Files.writeString(pem, s.toString(), StandardCharsets.US_ASCII);
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "secret", ".tmp");
        try {
            restrict(tmp);
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the data directory's own ACL applies
        }
    }
}

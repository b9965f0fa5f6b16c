package io.portcullis.checkup.site;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates with chosen names and validity for front servers, made in-process with
 * BouncyCastle (a keytool run costs seconds on a busy machine): a PEM certificate and a PKCS#8
 * PEM key, as nginx reads them.
 *
 * @param cert PEM certificate
 * @param key  PEM PKCS#8 private key
 */
record TestCertificates(Path cert, Path key) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param names DNS names and IP literals for subjectAltName
     * @param notBefore start of validity relative to now
     * @param notAfter  end of validity relative to now (negative: already expired)
     */
    static TestCertificates make(Path dir, String file, List<String> names, Duration notBefore, Duration notAfter)
            throws IOException, GeneralSecurityException {
        return make(dir, file, names, notBefore, notAfter, false);
    }

    /** As {@link #make(Path, String, List, Duration, Duration)}, with an RSA 2048 key when {@code rsa}. */
    static TestCertificates make(Path dir, String file, List<String> names, Duration notBefore, Duration notAfter,
                                 boolean rsa) throws IOException, GeneralSecurityException {
        KeyPair pair = rsa ? rsaKeyPair() : keyPair();
        X509Certificate cert = certificate(pair, names, notBefore, notAfter);
        Path certFile = dir.resolve(file + ".pem");
        Path keyFile = dir.resolve(file + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        return new TestCertificates(certFile, keyFile);
    }

    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, RANDOM);
        return gen.generateKeyPair();
    }

    static X509Certificate certificate(KeyPair pair, List<String> names, Duration notBefore, Duration notAfter)
            throws IOException, GeneralSecurityException {
        try {
            X500Name subject = new X500Name("CN=" + names.get(0));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, RANDOM),
                    Date.from(now.plus(notBefore)), Date.from(now.plus(notAfter)), subject, pair.getPublic());
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                boolean ip = n.matches("[0-9.]+") || n.contains(":");
                san.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                            : "SHA256withECDSA").build(pair.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * A root CA, an intermediate CA it signs, and a leaf for {@code names} the intermediate signs
     * (all EC P-256): files root.pem, intermediate.pem, leaf.pem, leaf.key and fullchain.pem
     * (leaf then intermediate) in {@code dir}.
     */
    static TestCertificates chain(Path dir, List<String> names) throws IOException, GeneralSecurityException {
        try {
            KeyPair root = keyPair();
            KeyPair mid = keyPair();
            KeyPair leaf = keyPair();
            Instant now = Instant.now();
            X500Name rootName = new X500Name("CN=checkup test root");
            X500Name midName = new X500Name("CN=checkup test intermediate");
            X509Certificate rootCert = ca(rootName, rootName, root.getPublic(), root.getPrivate(), now);
            X509Certificate midCert = ca(midName, rootName, mid.getPublic(), root.getPrivate(), now);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(midName, new BigInteger(127, RANDOM),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(90))),
                    new X500Name("CN=" + names.get(0)), leaf.getPublic());
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                boolean ip = n.matches("[0-9.]+") || n.contains(":");
                san.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            X509Certificate leafCert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(mid.getPrivate())));
            Files.writeString(dir.resolve("root.pem"), pem("CERTIFICATE", rootCert.getEncoded()));
            Files.writeString(dir.resolve("intermediate.pem"), pem("CERTIFICATE", midCert.getEncoded()));
            Files.writeString(dir.resolve("leaf.pem"), pem("CERTIFICATE", leafCert.getEncoded()));
            Files.writeString(dir.resolve("fullchain.pem"), pem("CERTIFICATE", leafCert.getEncoded())
                    + pem("CERTIFICATE", midCert.getEncoded()));
            Files.writeString(dir.resolve("leaf.key"), pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
            return new TestCertificates(dir.resolve("leaf.pem"), dir.resolve("leaf.key"));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509Certificate ca(X500Name subject, X500Name issuer, java.security.PublicKey key,
                                      java.security.PrivateKey signer, Instant now)
            throws org.bouncycastle.operator.OperatorCreationException, org.bouncycastle.cert.CertIOException,
            GeneralSecurityException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}

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
        KeyPair pair = keyPair();
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
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}

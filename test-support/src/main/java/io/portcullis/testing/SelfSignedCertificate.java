package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} (subjectAltName),
 * made once per directory with the JDK's own {@code keytool}: a PKCS#12 key store for the
 * server and a PEM file for clients ({@code curl --cacert}, {@link TrustingClient}).
 */
public final class SelfSignedCertificate {

    public static final String PASSWORD = "changeit";
    public static final String ALIAS = "server";

    private final Path keyStore;
    private final Path pem;

    private SelfSignedCertificate(Path keyStore, Path pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    /** Creates (or reuses) {@code server.p12} and {@code server.pem} under {@code dir}. */
    public static synchronized SelfSignedCertificate in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path p12 = dir.resolve("server.p12");
            Path pem = dir.resolve("server.pem");
            if (!Files.exists(p12) || !Files.exists(pem)) {
                Files.deleteIfExists(p12);
                run(keytool(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                        "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(),
                        "-storepass", PASSWORD, "-keypass", PASSWORD);
                run(keytool(), "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", p12.toString(),
                        "-storepass", PASSWORD, "-file", pem.toString());
            }
            return new SelfSignedCertificate(p12, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shared certificate under the system temp directory, made once per machine. */
    public static SelfSignedCertificate shared() {
        return in(Path.of(System.getProperty("java.io.tmpdir"), "portcullis-test-tls"));
    }

    /** PKCS#12 key store holding the key and certificate, password {@value #PASSWORD}. */
    public Path keyStore() {
        return keyStore;
    }

    /** The certificate alone, PEM encoded. */
    public Path pem() {
        return pem;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

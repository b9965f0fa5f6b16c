package io.portcullis.checkup.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority run with the {@code openssl} command line, as a site owner's
 * CA tooling would be: a root, intermediates of a chosen key and digest, leaves with or without an
 * OCSP responder URL in their Authority Information Access, and OCSP responses made by
 * {@code openssl ocsp -index … -respout} (the DER file nginx's {@code ssl_stapling_file} reads).
 * Each call is one short {@code openssl} process (tens of milliseconds; EC P-256 keys unless asked).
 */
final class OpenSslCa {

    /** A certificate and its key, PEM files; {@code serialHex} as openssl writes it (upper case). */
    record Issued(Path cert, Path key, String subject, String serialHex) {
    }

    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private final Path dir;
    private int serial = 0x1000;

    OpenSslCa(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A self-signed CA certificate. */
    Issued root(String cn) throws IOException {
        String name = file(cn);
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=" + cn, "-days", "30", "-sha256",
                "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new Issued(cert, key, "/CN=" + cn, "");
    }

    /**
     * A CA certificate issued by {@code issuer}.
     *
     * @param newKey openssl's {@code -newkey} argument ({@code ec} for P-256, {@code rsa:1024}, …)
     * @param digest {@code sha256}, {@code sha1}, …
     */
    Issued intermediate(Issued issuer, String cn, String newKey, String digest) throws IOException {
        Path ext = dir.resolve(file(cn) + ".ext");
        Files.writeString(ext, "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n");
        return issue(issuer, cn, newKey, digest, ext);
    }

    /** A leaf for localhost and 127.0.0.1 issued by {@code issuer}, naming {@code ocspUrl} when not null. */
    Issued leaf(Issued issuer, String file, String ocspUrl) throws IOException {
        Path ext = dir.resolve(file + ".ext");
        Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + (ocspUrl == null ? "" : "authorityInfoAccess=OCSP;URI:" + ocspUrl + "\n"));
        Issued plain = issue(issuer, "localhost", "ec", "sha256", ext);
        Path cert = dir.resolve(file + ".pem");
        Path key = dir.resolve(file + ".key");
        Files.move(plain.cert(), cert);
        Files.move(plain.key(), key);
        return new Issued(cert, key, plain.subject(), plain.serialHex());
    }

    /**
     * An OCSP response about {@code leaf} signed by its issuer, made from an index file that
     * says {@code status} ({@code 'V'} valid, {@code 'R'} revoked a day ago) for
     * {@code indexSerialHex}: a serial other than the leaf's gives an "unknown" answer.
     */
    Path ocsp(Issued issuer, Issued leaf, char status, String indexSerialHex, String file) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String revoked = status == 'R' ? INDEX_TIME.format(now.minusDays(1)) : "";
        Path index = dir.resolve(file + ".index");
        Files.writeString(index, status + "\t" + INDEX_TIME.format(now.plusDays(30)) + "\t" + revoked + "\t"
                + indexSerialHex + "\tunknown\t" + leaf.subject() + "\n");
        Path out = dir.resolve(file + ".der");
        run("ocsp", "-index", index.toString(), "-rsigner", issuer.cert().toString(), "-rkey", issuer.key().toString(),
                "-CA", issuer.cert().toString(), "-issuer", issuer.cert().toString(), "-cert", leaf.cert().toString(),
                "-respout", out.toString(), "-ndays", "7");
        return out;
    }

    /** Concatenates PEM files (a chain file as nginx's ssl_certificate reads it, in the order given). */
    Path bundle(String file, Path... pems) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : pems) {
            all.append(Files.readString(p));
        }
        Path out = dir.resolve(file + ".pem");
        Files.writeString(out, all);
        return out;
    }

    /**
     * An OpenSSL configuration whose default security level is 0, for a server that must load a
     * deliberately weak chain (OpenSSL 3's level 2 refuses an RSA-1024 or SHA-1 CA certificate
     * with "ca key too small" / "ca md too weak" before nginx's own ssl_ciphers applies).
     */
    Path weakOpenSslConf() throws IOException {
        Path out = dir.resolve("openssl-seclevel0.cnf");
        Files.writeString(out, """
                openssl_conf = default_conf
                [default_conf]
                ssl_conf = ssl_sect
                [ssl_sect]
                system_default = system_default_sect
                [system_default_sect]
                CipherString = DEFAULT:@SECLEVEL=0
                """);
        return out;
    }

    private Issued issue(Issued issuer, String cn, String newKey, String digest, Path ext) throws IOException {
        String name = file(cn) + "-" + Integer.toHexString(serial + 1);
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        List<String> req = new ArrayList<>(List.of("req", "-newkey"));
        if (newKey.equals("ec")) {
            req.addAll(List.of("ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        } else {
            req.add(newKey);
        }
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn));
        run(req.toArray(String[]::new));
        String hex = Integer.toHexString(++serial).toUpperCase(java.util.Locale.ROOT);
        run("x509", "-req", "-in", csr.toString(), "-CA", issuer.cert().toString(), "-CAkey", issuer.key().toString(),
                "-set_serial", "0x" + hex, "-days", "30", "-" + digest, "-out", cert.toString(),
                "-extfile", ext.toString());
        return new Issued(cert, key, "/CN=" + cn, hex);
    }

    private static String file(String cn) {
        return cn.replaceAll("[^A-Za-z0-9]+", "-");
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

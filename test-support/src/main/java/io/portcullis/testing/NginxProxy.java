package io.portcullis.testing;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A real nginx as a TLS-terminating reverse proxy in front of one backend port, listening on
 * 127.0.0.1 on a plain port and a TLS port (the certificate's key), and connecting to the backend
 * from {@value #PROXY_ADDRESS} ({@code proxy_bind}): trust {@code 127.0.0.2/32} in the backend and
 * a client connecting to the backend directly (from 127.0.0.1) is an untrusted peer. The
 * {@code location /} block is {@code proxy_pass}, the given {@code proxy_set_header} lines and
 * {@code proxy_redirect off}. Skips (or fails in CI) without nginx, as {@link RealServer} does.
 *
 * <pre>{@code
 * try (NginxProxy nginx = NginxProxy.start(app.httpPort(), SelfSignedCertificate.shared(),
 *         "Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme")) {
 *     client.send(HttpRequest.newBuilder(nginx.https("/app")).build(), ...);
 * }
 * }</pre>
 */
public final class NginxProxy implements AutoCloseable {

    /** The address nginx connects to the backend from. */
    public static final String PROXY_ADDRESS = "127.0.0.2";

    private final WorldReadableDir dir;
    private final RealServer nginx;
    private final int plainPort;
    private final int tlsPort;

    private NginxProxy(WorldReadableDir dir, RealServer nginx, int plainPort, int tlsPort) {
        this.dir = dir;
        this.nginx = nginx;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
    }

    /**
     * Starts nginx proxying to {@code 127.0.0.1:backendPort}; each of {@code proxySetHeaders} is
     * one {@code proxy_set_header} directive without the keyword and the semicolon, e.g.
     * {@code "X-Forwarded-Proto $scheme"}.
     */
    public static NginxProxy start(int backendPort, SelfSignedCertificate cert, String... proxySetHeaders) {
        RealServer.require(RealServer.Binary.NGINX);
        WorldReadableDir dir = WorldReadableDir.create();
        try {
            int plain = FreePort.next();
            int tls = FreePort.next();
            Path key = dir.write("server.key", privateKeyPem(cert));
            String d = dir.path().toString();
            StringBuilder headers = new StringBuilder();
            for (String h : proxySetHeaders) {
                headers.append("      proxy_set_header ").append(h).append(";\n");
            }
            String conf = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "daemon off; pid " + d + "/nginx.pid; error_log " + d + "/nginx.err;\n"
                    + "events {}\n"
                    + "http {\n"
                    + "  access_log off;\n"
                    + "  client_body_temp_path " + d + "/nb; proxy_temp_path " + d + "/np; fastcgi_temp_path " + d
                    + "/nf;\n"
                    + "  uwsgi_temp_path " + d + "/nu; scgi_temp_path " + d + "/ns;\n"
                    + "  server {\n"
                    + "    listen 127.0.0.1:" + plain + ";\n"
                    + "    listen 127.0.0.1:" + tls + " ssl;\n"
                    + "    ssl_certificate " + cert.pem() + "; ssl_certificate_key " + key + ";\n"
                    + "    location / {\n"
                    + "      proxy_pass http://127.0.0.1:" + backendPort + ";\n"
                    + "      proxy_bind " + PROXY_ADDRESS + ";\n"
                    + headers
                    + "      proxy_redirect off;\n"
                    + "    }\n"
                    + "  }\n"
                    + "}\n";
            RealServer server = RealServer.start(RealServer.Binary.NGINX, dir.write("nginx.conf", conf), plain);
            return new NginxProxy(dir, server, plain, tls);
        } catch (RuntimeException | Error e) {
            dir.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<plain port>} followed by {@code pathAndQuery}. */
    public URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + plainPort + pathAndQuery);
    }

    /** {@code https://127.0.0.1:<tls port>} followed by {@code pathAndQuery}. */
    public URI https(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + tlsPort + pathAndQuery);
    }

    /** The TLS port. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The plain-HTTP port. */
    public int plainPort() {
        return plainPort;
    }

    @Override
    public void close() {
        try {
            nginx.close();
        } finally {
            dir.close();
        }
    }

    private static String privateKeyPem(SelfSignedCertificate cert) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(cert.keyStore())) {
                ks.load(in, SelfSignedCertificate.PASSWORD.toCharArray());
            }
            Key k = ks.getKey(SelfSignedCertificate.ALIAS, SelfSignedCertificate.PASSWORD.toCharArray());
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the key of " + cert.keyStore(), e);
        }
    }
}

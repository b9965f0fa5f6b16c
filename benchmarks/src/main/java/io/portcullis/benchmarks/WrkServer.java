package io.portcullis.benchmarks;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The fallback target of {@code benchmarks/wrk.sh} when the demo app is not built: the page of
 * {@link EmbeddedJetty} over HTTPS on 127.0.0.1, with or without {@code HardeningFilter}.
 * A throw-away self-signed certificate is made with {@code keytool} in a temp directory.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.portcullis.benchmarks.WrkServer PORT on|off</pre>
 */
public final class WrkServer {

    private WrkServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("on", "off").contains(args[1])) {
            System.err.println("usage: WrkServer HTTPS_PORT on|off");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        boolean hardening = args[1].equals("on");
        Path dir = Files.createTempDirectory("portcullis-wrk");
        Path keyStore = dir.resolve("server.p12");
        dir.toFile().deleteOnExit(); // deleted in reverse order of registration: the key store first
        keyStore.toFile().deleteOnExit();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .inheritIO().start();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }

        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSecureScheme("https");
        config.setSecurePort(port);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword("changeit");
        ssl.setKeyStoreType("PKCS12");
        ServerConnector https = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        https.setHost("127.0.0.1");
        https.setPort(port);
        server.addConnector(https);
        server.setHandler(EmbeddedJetty.context(hardening ? new HardeningFilter(HardeningPolicy.defaults()) : null));
        server.start();
        System.out.println("WrkServer listening on https://127.0.0.1:" + https.getLocalPort() + "/page (hardening " + args[1] + ")");
        server.join();
    }
}

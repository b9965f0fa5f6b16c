package io.portcullis.testing;

import jakarta.servlet.ServletContext;
import java.net.URI;

/**
 * A started embedded servlet container (see {@link EmbeddedJetty}, {@link EmbeddedTomcat}) bound
 * to {@code 127.0.0.1} on ports the operating system chose. Close it to stop the container and
 * delete its temporary files.
 */
public interface TestServer extends AutoCloseable {

    /** Base URI of the plain HTTP connector, e.g. {@code http://127.0.0.1:41234} (no path). */
    default URI http() {
        return URI.create("http://127.0.0.1:" + httpPort());
    }

    /**
     * Base URI of the TLS connector, e.g. {@code https://127.0.0.1:41235} (no path).
     *
     * @throws IllegalStateException when the server was built without {@code https(...)}
     */
    default URI https() {
        return URI.create("https://127.0.0.1:" + httpsPort());
    }

    /** Port of the plain HTTP connector. */
    int httpPort();

    /**
     * Port of the TLS connector.
     *
     * @throws IllegalStateException when the server was built without {@code https(...)}
     */
    int httpsPort();

    /** Which container this is, for the rare assertion that must differ between them. */
    ServletContainer container();

    /** The servlet context of the single deployed application. */
    ServletContext servletContext();

    /** {@code http()} followed by {@code pathAndQuery} (which should start with {@code /}). */
    default URI http(String pathAndQuery) {
        return URI.create(http() + pathAndQuery);
    }

    /** {@code https()} followed by {@code pathAndQuery} (which should start with {@code /}). */
    default URI https(String pathAndQuery) {
        return URI.create(https() + pathAndQuery);
    }

    /** The TLS port, or the failure every container gives when it has none. */
    static int tlsPort(Integer port) {
        if (port == null) {
            throw new IllegalStateException("no TLS connector: build with https(SelfSignedCertificate)");
        }
        return port;
    }

    /** Stops the container and deletes its temporary files; never throws a checked exception. */
    @Override
    void close();
}

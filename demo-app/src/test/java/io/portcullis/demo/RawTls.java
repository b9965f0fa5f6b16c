package io.portcullis.demo;

import io.portcullis.testing.TrustingClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;

/** A hand-driven HTTPS connection: the test decides when each byte of the request is sent. */
final class RawTls implements AutoCloseable {

    final SSLSocket socket;
    final OutputStream out;
    final InputStream in;

    RawTls(URI https, Path pem) throws IOException {
        socket = (SSLSocket) TrustingClient.sslContext(pem).getSocketFactory().createSocket("localhost", https.getPort());
        socket.setSoTimeout(60_000);
        socket.startHandshake();
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Everything the server sends until it closes or {@code limit} bytes arrived. */
    String readResponse(int limit) throws IOException {
        byte[] buf = in.readNBytes(limit);
        return new String(buf, StandardCharsets.ISO_8859_1);
    }

    /** The status line, or "" when the connection closed without one. */
    String statusLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().trim();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks loopback ports for child processes (embedded containers choose their own, see {@link TestServer}). */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A port that was free on {@code 127.0.0.1} a moment ago (the OS picked it). Another process
     * may take it before the caller binds it; {@link RealServer#start} fails fast in that case.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

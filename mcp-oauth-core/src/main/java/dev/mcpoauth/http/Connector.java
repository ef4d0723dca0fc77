package dev.mcpoauth.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the TCP connection to an address that already passed the {@link AddressPolicy}. A seam for
 * tests (which map made-up addresses onto local servers and refuse every other destination); not
 * public API.
 */
@FunctionalInterface
interface Connector {
    /** A plain {@link Socket} connected with the given timeout. */
    Connector DIRECT = (address, timeoutMillis) -> {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    };

    Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;
}

package org.llmobservatory.server.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a taken port before anything slow starts (the embedded PostgreSQL takes seconds), and says in one line which
 * variable to change.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /**
     * Binds and releases {@code bindAddress:port}; port 0 (any free port) always passes.
     *
     * @throws IllegalStateException naming the port and {@code variable} when it cannot be bound
     */
    static void requireFree(String bindAddress, int port, String variable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException(taken(bindAddress, port, variable, e), e);
        }
    }

    /** The one-line message for a port that cannot be bound. */
    static String taken(String bindAddress, int port, String variable, IOException cause) {
        return bindAddress + ":" + port + " cannot be used (" + cause.getMessage() + "): set " + variable
                + " to a free port, or to 0 to pick one";
    }
}

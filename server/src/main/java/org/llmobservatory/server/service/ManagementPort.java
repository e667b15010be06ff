package org.llmobservatory.server.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.llmobservatory.server.config.Settings;

/**
 * The management port, held from the start of the service until the health server binds it. The metrics'
 * {@code instance} label names the port, and must be known before storage registers its meters, which is
 * before the health server can start; holding the port also makes a busy one fail the start at once.
 */
public final class ManagementPort implements AutoCloseable {

    private final ServerSocket socket;

    private ManagementPort(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * Binds {@code bindAddress:port} (a free port when 0).
     *
     * @throws IllegalStateException naming the address and the variable when it cannot be bound
     */
    static ManagementPort hold(String bindAddress, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return new ManagementPort(socket);
        } catch (IOException e) {
            throw new IllegalStateException(PortCheck.taken(bindAddress, port, Settings.MANAGEMENT_PORT.name(), e), e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The {@code instance} label: {@code host:port}, with this machine's name when it has one. */
    String instance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = socket.getInetAddress().getHostAddress();
        }
        return host + ":" + port();
    }

    /** Lets the port go, for the health server to bind it the moment after. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket that accepted nothing does not fail in practice.
        }
    }
}

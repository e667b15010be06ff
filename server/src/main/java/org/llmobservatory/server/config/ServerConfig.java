package org.llmobservatory.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the service listens: one bind address and a port per server. Port 0 means "pick a free port";
 * the ports actually bound are logged and written to {@code ports.json}.
 *
 * @param bindAddress    address every server binds to ({@code OBSERVATORY_BIND_ADDRESS})
 * @param managementPort health probes and metrics ({@code OBSERVATORY_MANAGEMENT_PORT})
 * @param otlpHttpPort   OTLP over HTTP ({@code OBSERVATORY_OTLP_HTTP_PORT})
 * @param otlpGrpcPort   OTLP over gRPC ({@code OBSERVATORY_OTLP_GRPC_PORT})
 * @param apiPort        the query API ({@code OBSERVATORY_API_PORT})
 * @param instance       the {@code instance} label of this process's metrics ({@code OBSERVATORY_INSTANCE});
 *                       empty for host name and management port
 * @param ackTimeout     how long an OTLP request waits for its items to commit before it is answered 503 /
 *                       UNAVAILABLE, to be sent again ({@code OBSERVATORY_ACK_TIMEOUT_MS}); below the OpenTelemetry
 *                       exporters' 10 s timeout by default, so they read the answer rather than time out
 * @param shutdownTimeout the longest {@code serve} takes to exit after SIGTERM, whatever the database does
 *                       ({@code OBSERVATORY_SHUTDOWN_TIMEOUT_MS}); what is still buffered then was never acknowledged
 * @param maxBodyBytes   the largest OTLP request body after decompression, and the largest gRPC message
 *                       ({@code OBSERVATORY_MAX_BODY_BYTES}); a larger one is refused with 413 / RESOURCE_EXHAUSTED
 * @param queryCacheTtl  how long a usage or series answer is served from Redis ({@code OBSERVATORY_QUERY_CACHE_TTL_MS})
 */
public record ServerConfig(String bindAddress, int managementPort, int otlpHttpPort, int otlpGrpcPort, int apiPort,
        Optional<String> instance, Duration ackTimeout, Duration shutdownTimeout, int maxBodyBytes,
        Duration queryCacheTtl) {

    /** Smallest and largest body limits: a 512-span request is about 160 KB; a body is held whole while decoded. */
    public static final int MIN_MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_MAX_BODY_BYTES = 64 * 1024 * 1024;

    public ServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException(Settings.BIND_ADDRESS + " must not be empty (default 127.0.0.1; 0.0.0.0 listens"
                    + " on every interface)");
        }
        bindAddress = bindAddress.strip();
        requirePort(Settings.MANAGEMENT_PORT, managementPort);
        requirePort(Settings.OTLP_HTTP_PORT, otlpHttpPort);
        requirePort(Settings.OTLP_GRPC_PORT, otlpGrpcPort);
        requirePort(Settings.API_PORT, apiPort);
        if (ackTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(Settings.ACK_TIMEOUT + " must be at least 100, got: " + ackTimeout.toMillis());
        }
        if (shutdownTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(Settings.SHUTDOWN_TIMEOUT + " must be at least 1000, got: "
                    + shutdownTimeout.toMillis());
        }
        if (maxBodyBytes < MIN_MAX_BODY_BYTES || maxBodyBytes > MAX_MAX_BODY_BYTES) {
            throw new IllegalArgumentException(Settings.MAX_BODY_BYTES + " must be from " + MIN_MAX_BODY_BYTES + " to "
                    + MAX_MAX_BODY_BYTES + " bytes, got: " + maxBodyBytes);
        }
        if (queryCacheTtl.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException(Settings.QUERY_CACHE_TTL + " must be at least 1, got: "
                    + queryCacheTtl.toMillis());
        }
        instance = instance.map(String::strip);
        if (instance.isPresent() && instance.get().isEmpty()) {
            throw new IllegalArgumentException(Settings.INSTANCE + " must not be blank (unset, it is host:management port)");
        }
        Map<Integer, String> used = new HashMap<>();
        for (var entry : Map.of(Settings.MANAGEMENT_PORT.name(), managementPort, Settings.OTLP_HTTP_PORT.name(),
                otlpHttpPort, Settings.OTLP_GRPC_PORT.name(), otlpGrpcPort, Settings.API_PORT.name(), apiPort)
                .entrySet()) {
            String other = used.putIfAbsent(entry.getValue(), entry.getKey());
            if (other != null && entry.getValue() != 0) {
                String[] names = {other, entry.getKey()};
                Arrays.sort(names);
                throw new IllegalArgumentException(names[0] + " and " + names[1] + " are both " + entry.getValue()
                        + "; each server needs its own port (0 picks a free one)");
            }
        }
    }

    /** No configured instance label: the metrics are labelled with host name and management port. */
    public ServerConfig(String bindAddress, int managementPort, int otlpHttpPort, int otlpGrpcPort, int apiPort) {
        this(bindAddress, managementPort, otlpHttpPort, otlpGrpcPort, apiPort, Optional.empty());
    }

    /** The default timeouts, body limit and cache time. */
    public ServerConfig(String bindAddress, int managementPort, int otlpHttpPort, int otlpGrpcPort, int apiPort,
            Optional<String> instance) {
        this(bindAddress, managementPort, otlpHttpPort, otlpGrpcPort, apiPort, instance,
                Settings.ACK_TIMEOUT.fallback(), Settings.SHUTDOWN_TIMEOUT.fallback(),
                Settings.MAX_BODY_BYTES.fallback(), Settings.QUERY_CACHE_TTL.fallback());
    }

    public ServerConfig withAckTimeout(Duration value) {
        return new ServerConfig(bindAddress, managementPort, otlpHttpPort, otlpGrpcPort, apiPort, instance, value,
                shutdownTimeout, maxBodyBytes, queryCacheTtl);
    }

    public ServerConfig withMaxBodyBytes(int value) {
        return new ServerConfig(bindAddress, managementPort, otlpHttpPort, otlpGrpcPort, apiPort, instance,
                ackTimeout, shutdownTimeout, value, queryCacheTtl);
    }

    /** The documented defaults: 127.0.0.1, management 9090, OTLP/HTTP 4318, OTLP/gRPC 4317, API 8080. */
    public static ServerConfig defaults() {
        return new Environment(Map.of()).server();
    }

    /** Every server on 127.0.0.1 and a free port, as tests and side-by-side instances want. */
    public static ServerConfig ephemeral() {
        return new ServerConfig("127.0.0.1", 0, 0, 0, 0);
    }

    private static void requirePort(Setting<Integer> setting, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(setting + " must be a port number from 0 to 65535 (0 picks a free port),"
                    + " got: " + port);
        }
    }
}

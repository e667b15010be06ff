package org.llmobservatory.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.llmobservatory.server.api.ApiServer;
import org.llmobservatory.server.api.ApiSettings;
import org.llmobservatory.server.management.ManagementServer;
import org.llmobservatory.server.management.ReadinessCheck;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.config.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: storage (embedded databases when none is configured) and the servers in front of
 * it. {@link #start} brings everything up and writes {@code ports.json}; {@link #stop} drains and shuts
 * down in order.
 */
public final class ObservatoryService {

    private static final Logger log = LoggerFactory.getLogger(ObservatoryService.class);

    private final Storage storage;
    private final ManagementServer management;
    private final ApiServer api;
    private final ServicePorts ports;
    private final Path portsFile;
    private final AtomicBoolean draining;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ObservatoryService(Storage storage, ManagementServer management, ApiServer api, ServicePorts ports,
            Path portsFile, AtomicBoolean draining) {
        this.storage = storage;
        this.management = management;
        this.api = api;
        this.ports = ports;
        this.portsFile = portsFile;
        this.draining = draining;
    }

    /**
     * Opens storage, starts the servers on {@code server}'s address and ports, and writes
     * {@code ports.json} with the ports actually bound. Anything started is stopped again when a later
     * step fails.
     */
    public static ObservatoryService start(ServerConfig server, StorageConfig storageConfig) {
        Storage storage = Storage.open(storageConfig);
        ManagementServer management = null;
        ApiServer api = null;
        try {
            AtomicBoolean draining = new AtomicBoolean();
            management = startManagement(server, new ReadinessCheck(storage, draining::get));
            api = startApi(server, storage);
            // The OTLP/HTTP and OTLP/gRPC servers start here, bound to server.bindAddress(), and report their
            // bound ports below. Until they exist, ports.json carries the configured ones.
            ServicePorts ports = new ServicePorts(management.port(), server.otlpHttpPort(), server.otlpGrpcPort(),
                    api.port(), storage.pool().jdbcUrl());
            Path portsFile = ports.writeTo(storageConfig.dataDir());
            ObservatoryService service = new ObservatoryService(storage, management, api, ports, portsFile,
                    draining);
            service.logReady(server);
            return service;
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            if (management != null) {
                management.close();
            }
            storage.close();
            throw e;
        }
    }

    private static ManagementServer startManagement(ServerConfig server, ReadinessCheck readiness) {
        try {
            return ManagementServer.start(server.bindAddress(), server.managementPort(), readiness);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (set " + ServerConfig.MANAGEMENT_PORT
                    + " to another port, or 0 for a free one)", e);
        }
    }

    private static ApiServer startApi(ServerConfig server, Storage storage) {
        try {
            // No meter registry yet: request metrics are recorded once the service has one.
            return ApiServer.start(ApiSettings.of(server.bindAddress(), server.apiPort()), storage,
                    new ApiKeys(storage.pool().dataSource()), null);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (set " + ServerConfig.API_PORT
                    + " to another port, or 0 for a free one)", e);
        }
    }

    /** Where the service can be reached, as written to {@code ports.json}. */
    public ServicePorts ports() {
        return ports;
    }

    /** The {@code ports.json} file this service wrote. */
    public Path portsFile() {
        return portsFile;
    }

    /** The storage this service runs on. */
    public Storage storage() {
        return storage;
    }

    /** Base URL of the query API, such as {@code http://127.0.0.1:8080}. */
    public String apiUrl() {
        return api.url();
    }

    /** Base URL of the management server, such as {@code http://127.0.0.1:9090}. */
    public String managementUrl() {
        return management.url();
    }

    /**
     * Starts draining: readiness answers 503 from now on so that load balancers stop sending traffic,
     * while everything keeps running. {@link #stop()} begins with this.
     */
    public void drain() {
        if (draining.compareAndSet(false, true)) {
            log.info("draining: /health/ready now answers 503");
        }
    }

    public boolean draining() {
        return draining.get();
    }

    /**
     * Stops the service: drains, closes storage (which finishes pending writes and stops any embedded
     * databases), stops the management server and removes {@code ports.json}. Calling it again does
     * nothing; a concurrent caller waits until the first one has finished.
     */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        log.info("stopping");
        drain();
        try {
            // Ingest servers stop accepting requests here, before storage drains its writers.
            api.close();
            storage.close();
            management.close();
            Files.deleteIfExists(portsFile);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", portsFile, e.getMessage());
        } finally {
            stopped.countDown();
        }
        log.info("stopped");
    }

    /** Blocks until {@link #stop()} has completed. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void logReady(ServerConfig server) {
        log.info("management server on {} (/health/live, /health/ready)", management.url());
        log.info("query API on {}/api/v1 (description at /api/v1/openapi.json)", api.url());
        log.info("OTLP/HTTP port {}, OTLP/gRPC port {}: configured, not served yet", server.otlpHttpPort(),
                server.otlpGrpcPort());
        log.info("database {}{}", ports.database(), storage.embeddedDatabase()
                .map(db -> " (embedded, data in " + db.dataDirectory() + ")").orElse(""));
        log.info("redis {}", storage.redisUrl().map(url -> redactRedis(url) + (storage.embeddedCache().isPresent()
                ? " (embedded)" : "")).orElse("disabled"));
        log.info("ready; ports written to {}", portsFile.toAbsolutePath());
    }

    private static String redactRedis(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }
}

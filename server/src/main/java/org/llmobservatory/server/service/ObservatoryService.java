package org.llmobservatory.server.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.llmobservatory.server.api.ApiServer;
import org.llmobservatory.server.api.ApiSettings;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.server.ingest.IngestServers;
import org.llmobservatory.server.ratelimit.RateLimiter;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.http.HealthServer;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: storage (on embedded databases when none is configured), its metrics, and the servers
 * in front of it. {@link #start} brings everything up and writes {@code ports.json}; {@link #stop} drains
 * and shuts down in order.
 */
public final class ObservatoryService {

    private static final Logger log = LoggerFactory.getLogger(ObservatoryService.class);

    private final LocalServers local;
    private final Storage storage;
    private final ServiceMetrics metrics;
    private final HealthServer health;
    private final IngestServers ingest;
    private final ApiServer api;
    private final ServicePorts ports;
    private final Path portsFile;
    private final AtomicBoolean draining;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ObservatoryService(LocalServers local, Storage storage, ServiceMetrics metrics, HealthServer health, IngestServers ingest,
            ApiServer api, ServicePorts ports, Path portsFile, AtomicBoolean draining) {
        this.local = local;
        this.storage = storage;
        this.metrics = metrics;
        this.health = health;
        this.ingest = ingest;
        this.api = api;
        this.ports = ports;
        this.portsFile = portsFile;
        this.draining = draining;
    }

    /**
     * Opens instrumented storage, starts the servers on {@code server}'s address and ports, and writes
     * {@code ports.json} with the ports actually bound. Anything started is stopped again when a later
     * step fails.
     */
    public static ObservatoryService start(ServerConfig server, StorageConfig storageConfig) {
        return start(server, storageConfig, SecurityConfig.defaults());
    }

    /** As {@link #start(ServerConfig, StorageConfig)}, with rate limits and the other protections of {@code security}. */
    public static ObservatoryService start(ServerConfig server, StorageConfig storageConfig, SecurityConfig security) {
        ManagementPort managementPort = ManagementPort.hold(server.bindAddress(), server.managementPort());
        try {
            PortCheck.requireFree(server.bindAddress(), server.otlpHttpPort(), Settings.OTLP_HTTP_PORT.name());
            PortCheck.requireFree(server.bindAddress(), server.otlpGrpcPort(), Settings.OTLP_GRPC_PORT.name());
            PortCheck.requireFree(server.bindAddress(), server.apiPort(), Settings.API_PORT.name());
        } catch (IllegalStateException e) {
            managementPort.close();
            throw e;
        }
        ServiceMetrics metrics = null;
        LocalServers local = null;
        Storage storage = null;
        HealthServer health = null;
        IngestServers ingest = null;
        ApiServer api = null;
        try {
            metrics = new ServiceMetrics(server.instance().orElseGet(managementPort::instance));
            local = LocalServers.start(storageConfig);
            storage = Storage.open(local.applyTo(storageConfig), metrics.storage().observers());
            watch(local, storage, metrics.storage());
            AtomicBoolean draining = new AtomicBoolean();
            managementPort.close();
            ApiKeys keys = storage.keys(security.access());
            health = startHealth(HealthServer.Settings.of(server.bindAddress(), managementPort.port())
                    .withDraining(draining::get)
                    .withDetails(security.healthDetails(), token -> validKey(keys, token)), storage, metrics);
            RateLimiter limiter = new RateLimiter(security.rateLimit(), storage.redis());
            ingest = IngestServers.start(storage, keys, limiter, security.redaction(), metrics.registry(), server);
            api = startApi(server, storage, keys, limiter, metrics);
            ServicePorts ports = new ServicePorts(health.port(), ingest.httpPort(), ingest.grpcPort(), api.port(),
                    storage.databaseUrl());
            Path portsFile = ports.writeTo(storageConfig.dataDir());
            ObservatoryService service = new ObservatoryService(local, storage, metrics, health, ingest, api, ports,
                    portsFile, draining);
            service.logReady(server);
            AccessNotice.log(log, keys, server.bindAddress(), security);
            return service;
        } catch (RuntimeException e) {
            managementPort.close();
            if (api != null) {
                api.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            if (health != null) {
                health.close();
            }
            if (storage != null) {
                storage.close();
            }
            if (local != null) {
                local.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** True only for a real, active key: a request without one never counts as authorised, open or not. */
    private static boolean validKey(ApiKeys keys, String token) {
        try {
            return token != null && keys.authenticate(token).filter(p -> !p.anonymousAccess()).isPresent();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Reports the embedded database's restarts and disk, and every database's table sizes, on /metrics. */
    private static void watch(LocalServers local, Storage storage, StorageMetrics metrics) {
        metrics.watchTables(storage::tableSizes);
        local.database().ifPresent(db -> {
            metrics.watchEmbeddedDatabase(db::restarts);
            try {
                metrics.watchDataDirectory(db.dataDirectory());
            } catch (java.io.IOException e) {
                log.warn("cannot read the filesystem of {}; its free bytes will read NaN: {}", db.dataDirectory(),
                        e.getMessage());
            }
        });
    }

    private static HealthServer startHealth(HealthServer.Settings settings, Storage storage, ServiceMetrics metrics) {
        try {
            return HealthServer.start(settings, storage, metrics.registry());
        } catch (IllegalStateException e) {
            // Another process took the port in the moment between releasing it and binding it again.
            throw new IllegalStateException(e.getMessage() + " (set " + Settings.MANAGEMENT_PORT.name()
                    + " to another port, or 0 for a free one)", e);
        }
    }

    private static ApiServer startApi(ServerConfig server, Storage storage, ApiKeys keys, RateLimiter limiter,
            ServiceMetrics metrics) {
        try {
            ApiSettings api = new ApiSettings(server.bindAddress(), server.apiPort(), server.queryCacheTtl());
            return ApiServer.start(api, storage, keys, limiter, metrics.registry());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (set " + Settings.API_PORT.name()
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

    /** The embedded PostgreSQL and Redis this service started, if any. */
    public LocalServers localServers() {
        return local;
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
        return health.url();
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
     * Stops the service: drains, closes storage (which finishes pending writes), stops any embedded
     * databases, stops the management server, releases the metrics and removes {@code ports.json}.
     * Calling it again does nothing; a concurrent caller waits until the first one has finished.
     */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        log.info("stopping");
        drain();
        try {
            // Receivers and the API stop first and let running requests finish; then storage drains its writers.
            ingest.close();
            api.close();
            storage.close();
            local.close();
            health.close();
            metrics.close();
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

    /** Blocks until {@link #stop()} has completed or {@code timeout} has passed; true when it has completed. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void logReady(ServerConfig server) {
        log.info("management server on {} (/health, /health/live, /health/ready, /metrics)", health.url());
        log.info("OTLP/HTTP on port {} (/v1/traces, /v1/logs, /v1/metrics), OTLP/gRPC on port {}",
                ingest.httpPort(), ingest.grpcPort());
        log.info("query API on {}/api/v1 (description at /api/v1/openapi.json), web UI on {}/", api.url(), api.url());
        log.info("database {}{}", ports.database(), local.database()
                .map(db -> " (embedded, data in " + db.dataDirectory() + ")").orElse(""));
        log.info("redis {}", storage.redisUrl().map(url -> redactRedis(url) + (local.cache().isPresent()
                ? " (embedded)" : "")).orElse("disabled"));
        log.info("ready; ports written to {}", portsFile.toAbsolutePath());
    }

    private static String redactRedis(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }
}

package org.llmobservatory.server.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.llmobservatory.storage.metrics.StorageMetrics;

/**
 * The metrics of one service: its own Prometheus registry (never a global one, so services can share a
 * JVM), every meter labelled {@code application="llm-observatory"} and {@code instance}, the JVM and
 * process binders, and the storage families.
 */
public final class ServiceMetrics implements AutoCloseable {

    static final String APPLICATION = "llm-observatory";

    private final PrometheusMeterRegistry registry;
    private final StorageMetrics storage;
    private final JvmMetrics jvm = new JvmMetrics();

    /** {@code instance} is one value for the life of the process, such as {@code host:9090}. */
    ServiceMetrics(String instance) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any meter is registered: common tags apply only to meters registered after them.
        registry.config().commonTags("application", APPLICATION, "instance", instance);
        jvm.bindTo(registry);
        storage = new StorageMetrics(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The storage families; open storage with {@code storage().observers()}. */
    StorageMetrics storage() {
        return storage;
    }

    @Override
    public void close() {
        jvm.close();
        registry.close();
    }
}

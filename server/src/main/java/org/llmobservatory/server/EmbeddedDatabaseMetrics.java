package org.llmobservatory.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;

/**
 * {@code storage_embedded_database_restarts_total}: how many times the embedded PostgreSQL was started again after
 * it died. Registered with an external database too, where it stays 0, so that every service exposes the same
 * families and an alert on it needs no guard.
 */
final class EmbeddedDatabaseMetrics {

    private EmbeddedDatabaseMetrics() {
    }

    /** Reads {@code storage}, which the service holds for its whole life (Micrometer keeps it only weakly). */
    static void register(MeterRegistry registry, Storage storage) {
        FunctionCounter.builder("storage.embedded.database.restarts", storage,
                        s -> s.embeddedDatabase().map(EmbeddedDatabase::restarts).orElse(0L))
                .description("Restarts of the embedded PostgreSQL after it died (always 0 with an external database)")
                .register(registry);
    }
}

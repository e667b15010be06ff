package org.llmobservatory.server.service;

import java.time.Duration;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long the process takes to exit once it was told to stop. A graceful stop waits for requests in flight
 * and drains the writers into the database; a database that hangs would hold that up without end. When the stop has
 * not finished by the deadline, this says how many items were still buffered (never acknowledged: their senders will
 * send them again), stops an embedded PostgreSQL with SIGKILL (a durable database recovers from it at its next
 * start) and halts the JVM with status 1.
 */
public final class ShutdownDeadline {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDeadline.class);

    private ShutdownDeadline() {
    }

    /** Starts watching {@code service}'s stop, which the caller begins now. */
    public static void watch(ObservatoryService service, Duration deadline) {
        Thread.ofPlatform().name("observatory-shutdown-deadline").daemon().start(() -> {
            try {
                if (service.awaitStopped(deadline)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Storage storage = service.storage();
            long buffered = (long) storage.traces().buffered() + storage.logs().buffered() + storage.metrics().buffered();
            log.error("shutdown did not finish within {} ms; {} buffered items were not written (their senders were"
                    + " not acknowledged and will send them again); stopping now", deadline.toMillis(), buffered);
            service.localServers().database().ifPresent(EmbeddedDatabase::kill);
            Runtime.getRuntime().halt(1);
        });
    }
}

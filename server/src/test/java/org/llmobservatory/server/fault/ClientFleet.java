package org.llmobservatory.server.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Client threads exporting fresh spans continuously until stopped; every third acknowledged request is
 * sent once more, as an exporter does when an acknowledgement is lost, to prove re-sends store nothing twice.
 */
final class ClientFleet implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    ClientFleet(int clients, int spansPerRequest, SpanRequests requests, RetryingExporter exporter, Ledger ledger) {
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("fault-client-" + c).daemon().start(() -> {
                long sent = 0;
                while (running.get()) {
                    SpanRequests.ExportRequest request = requests.next(spansPerRequest);
                    if (exporter.export(request) && ++sent % 3 == 0 && exporter.export(request)) {
                        ledger.resent.incrementAndGet();
                    }
                }
            }));
        }
    }

    /** Stops sending new requests and waits for the clients to finish the ones they are retrying. */
    void stop(Duration timeout) throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " still sending after " + timeout.toSeconds() + " s");
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
    }
}

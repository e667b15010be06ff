package org.llmobservatory.server.demo;

import io.opentelemetry.sdk.common.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock of the demo's metric SDKs: it reads the simulated time the demo sets, so that a collection
 * made for a past minute is stamped with that minute, as it would have been by an application running then.
 * Elapsed time ({@link #nanoTime()}) stays real.
 */
final class SimulatedClock implements Clock {

    private volatile long epochNanos;

    SimulatedClock(Instant start) {
        set(start);
    }

    void set(Instant now) {
        epochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    @Override
    public long now() {
        return epochNanos;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}

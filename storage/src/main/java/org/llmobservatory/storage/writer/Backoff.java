package org.llmobservatory.storage.writer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter: attempt n waits between half and all of min(cap, base * 2^(n-1)). */
final class Backoff {

    private final long baseNanos;
    private final long capNanos;

    Backoff(Duration base, Duration cap) {
        this.baseNanos = base.toNanos();
        this.capNanos = Math.max(cap.toNanos(), baseNanos);
    }

    long delayNanos(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = Math.min(capNanos, baseNanos << shift);
        if (ceiling <= 1) {
            return ceiling;
        }
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}

package org.llmobservatory.server.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets in this process: used when Redis is disabled or cannot be reached. */
final class LocalBuckets {

    // Beyond this many principals, full buckets (idle ones) are dropped: they equal a fresh bucket.
    private static final int SWEEP_ABOVE = 10_000;

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    LocalBuckets(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    Admission acquire(String principal) {
        if (buckets.size() > SWEEP_ABOVE) {
            sweep();
        }
        return buckets.computeIfAbsent(principal, p -> new Bucket(limit.burst(), nanoTime.getAsLong()))
                .take(limit, nanoTime.getAsLong());
    }

    private void sweep() {
        long now = nanoTime.getAsLong();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
            if (it.next().fullAt(limit, now)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized Admission take(RateLimit limit, long now) {
            refill(limit, now);
            if (tokens >= 1) {
                tokens -= 1;
                return Admission.ALLOWED;
            }
            return Admission.refused((long) Math.ceil((1 - tokens) * 1000 / limit.perSecond()));
        }

        synchronized boolean fullAt(RateLimit limit, long now) {
            refill(limit, now);
            return tokens >= limit.burst();
        }

        private void refill(RateLimit limit, long now) {
            tokens = Math.min(limit.burst(), tokens + (now - at) / 1e9 * limit.perSecond());
            at = now;
        }
    }
}

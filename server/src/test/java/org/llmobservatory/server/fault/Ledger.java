package org.llmobservatory.server.fault;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What clients were told: the span ids acknowledged with 200, and every other answer they got. */
final class Ledger {

    final Set<String> acknowledgedSpans = ConcurrentHashMap.newKeySet();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong refusedWithRetryAfter = new AtomicLong();
    final AtomicLong connectionErrors = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    /** Answers a client must never get: 5xx other than 503, 503 without Retry-After, any 4xx. */
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    void acknowledged(List<String> spanIds) {
        acknowledged.incrementAndGet();
        acknowledgedSpans.addAll(spanIds);
    }

    @Override
    public String toString() {
        return "acknowledged requests " + acknowledged + " (" + acknowledgedSpans.size() + " spans), 503+Retry-After "
                + refusedWithRetryAfter + ", connection errors " + connectionErrors + ", re-sent after 200 " + resent
                + ", given up " + abandoned + ", unexpected " + unexpected.size();
    }
}

package org.llmobservatory.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * Adds agent traces to a store through its own {@link org.llmobservatory.storage.writer.TraceWriter}
 * (binary COPY in large batches), then refreshes the planner statistics. Keeps a sample of the trace ids
 * it wrote, so that single-trace lookups ask for traces that exist.
 */
final class SpanLoader {

    /** What one load step did. */
    record Step(long spans, double writeSeconds, double analyzeSeconds) {

        double seconds() {
            return writeSeconds + analyzeSeconds;
        }
    }

    private static final int CHUNK = 10_000;
    /** Chunks handed to the writer and not yet committed; bounded so the writer's buffer never overflows. */
    private static final int IN_FLIGHT = 8;
    private static final int SAMPLE_SIZE = 2_000;

    private final Storage storage;
    private final List<TracePick> sample = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private long seen;

    /** A trace that was written, with its start time. */
    record TracePick(String traceId, Instant start) {
    }

    SpanLoader(Storage storage) {
        this.storage = storage;
    }

    /** Writes {@code count} more spans starting between {@code from} and {@code to}, then runs ANALYZE. */
    Step add(long count, Instant from, Instant to, long seed) throws Exception {
        AgentTraces traces = new AgentTraces(seed, from, to, count);
        Deque<CompletableFuture<WriteOutcome>> inFlight = new ArrayDeque<>();
        long started = System.nanoTime();
        while (traces.hasMore()) {
            List<Span> chunk = traces.next(CHUNK);
            keepSome(chunk);
            inFlight.add(storage.traces().writeAll(chunk));
            while (inFlight.size() > IN_FLIGHT) {
                check(inFlight.poll());
            }
        }
        while (!inFlight.isEmpty()) {
            check(inFlight.poll());
        }
        double write = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        analyze();
        return new Step(traces.produced(), write, (System.nanoTime() - started) / 1e9);
    }

    /** A uniform sample of the root spans written so far (reservoir sampling over all steps). */
    List<TracePick> sample() {
        return List.copyOf(sample);
    }

    private void keepSome(List<Span> chunk) {
        for (Span s : chunk) {
            if (!s.isRoot() || !s.projectId().equals(AgentTraces.PROJECT)) {
                continue;
            }
            seen++;
            TracePick pick = new TracePick(s.traceId(), s.startTime());
            if (sample.size() < SAMPLE_SIZE) {
                sample.add(pick);
            } else {
                long slot = random.nextLong(seen);
                if (slot < SAMPLE_SIZE) {
                    sample.set((int) slot, pick);
                }
            }
        }
    }

    private static void check(CompletableFuture<WriteOutcome> future) throws Exception {
        WriteOutcome outcome = future.get(10, TimeUnit.MINUTES);
        if (!outcome.allCommitted()) {
            throw new IllegalStateException(outcome.rejected().size() + " spans were refused: "
                    + outcome.rejected().get(0));
        }
    }

    private void analyze() throws SQLException {
        try (Connection c = DirectConnections.to(storage.config()).getConnection(); Statement st = c.createStatement()) {
            // The pool's statement timeout is too short when ANALYZE has to wait for autovacuum, which
            // holds the same lock on a partition it is processing; lift it for this transaction only.
            c.setAutoCommit(false);
            st.execute("SET LOCAL statement_timeout = 0");
            st.execute("ANALYZE spans");
            c.commit();
        }
    }
}

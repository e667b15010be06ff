package org.llmobservatory.bench.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.writer.SameTransaction;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * Java span objects to committed rows through a {@link TraceWriter}: the spans are handed over in
 * groups of 512 (as one OTLP request would bring them) and the clock stops when the writer has
 * committed the last batch and closed.
 */
final class WriterLoad {

    private static final int HAND_OVER = 512;

    private WriterLoad() {
    }

    /**
     * The writer's default settings for {@code spans} spans, with room to buffer them all and, when
     * {@code batchSize} is positive, that batch size.
     */
    static WriterSettings settings(int spans, int batchSize) {
        WriterSettings settings = WriterSettings.DEFAULTS;
        if (batchSize > 0) {
            settings = settings.withBatchSize(batchSize);
        }
        return settings.withBufferCapacity(Math.max(spans, settings.batchSize()));
    }

    static double copy(IngestTarget target, List<Span> spans, WriterSettings settings) throws Exception {
        return seconds(target, spans, settings.withMethod(WriteMethod.COPY), WriteObserver.NONE);
    }

    /** Seconds from opening a writer to its close, once every span is committed (with the usage rollups' deltas). */
    static double seconds(IngestTarget target, List<Span> spans, WriterSettings settings, WriteObserver observer)
            throws Exception {
        return seconds(target, spans, settings, observer, true);
    }

    /** As {@link #seconds(IngestTarget, List, WriterSettings, WriteObserver)}; {@code rollups} false writes spans alone. */
    static double seconds(IngestTarget target, List<Span> spans, WriterSettings settings, WriteObserver observer,
            boolean rollups) throws Exception {
        long started = System.nanoTime();
        try (TraceWriter writer = rollups ? new TraceWriter(target.pool(), target.partitions(), settings, observer)
                : new TraceWriter(target.pool(), target.partitions(), settings, observer, (SameTransaction<Span>) null)) {
            List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < spans.size(); i += HAND_OVER) {
                futures.add(writer.writeAll(spans.subList(i, Math.min(spans.size(), i + HAND_OVER))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        }
        return (System.nanoTime() - started) / 1e9;
    }
}

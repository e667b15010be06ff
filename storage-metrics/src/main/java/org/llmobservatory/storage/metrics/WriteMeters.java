package org.llmobservatory.storage.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.writer.FlushTrigger;
import org.llmobservatory.storage.writer.WriterType;

/**
 * The write-side families: duration, outcomes, batch sizes, items committed and flushes. Meters are
 * created once for every label combination and looked up by enum ordinal on the hot path.
 */
final class WriteMeters {

    private static final int WRITERS = WriterType.values().length;
    private static final int METHODS = Operations.WRITE_METHODS.size();
    private static final int TRIGGERS = FlushTrigger.values().length;

    private final Timer[] duration = new Timer[WRITERS * METHODS];
    private final Counter[] success = new Counter[WRITERS * METHODS];
    private final Counter[] error = new Counter[WRITERS * METHODS];
    private final DistributionSummary[] batchSize = new DistributionSummary[WRITERS * METHODS];
    private final Counter[] items = new Counter[WRITERS];
    private final Counter events;
    private final Counter[] flushOk = new Counter[WRITERS * TRIGGERS];
    private final Counter[] flushFailed = new Counter[WRITERS * TRIGGERS];

    WriteMeters(MeterRegistry registry) {
        for (WriterType writer : WriterType.values()) {
            for (WriteMethod method : Operations.WRITE_METHODS) {
                int i = slot(writer, method);
                String op = Operations.of(method);
                duration[i] = Timer.builder("storage.write.duration")
                        .description("Time to write and commit one batch, failed attempts included")
                        .tags("writer_type", writer.label(), "operation", op)
                        .serviceLevelObjectives(Buckets.WRITE)
                        .register(registry);
                success[i] = writes(registry, writer, op, "success");
                error[i] = writes(registry, writer, op, "error");
                batchSize[i] = StorageMetrics.summary("storage.batch.size",
                                "Items per batch written", Buckets.BATCH_SIZE)
                        .tags("writer_type", writer.label(), "operation", op)
                        .register(registry);
            }
            items[writer.ordinal()] = itemCounter(registry, writer, itemType(writer));
            for (FlushTrigger trigger : FlushTrigger.values()) {
                int i = writer.ordinal() * TRIGGERS + trigger.ordinal();
                flushOk[i] = flushes(registry, writer, trigger, "success");
                flushFailed[i] = flushes(registry, writer, trigger, "error");
            }
        }
        events = itemCounter(registry, WriterType.TRACE, "event");
    }

    void committed(WriterType writer, WriteMethod method, int batch, int inserted, int spanEvents, long nanos) {
        int i = slot(writer, method);
        duration[i].record(nanos, TimeUnit.NANOSECONDS);
        success[i].increment();
        batchSize[i].record(batch);
        items[writer.ordinal()].increment(inserted);
        if (spanEvents > 0) {
            events.increment(spanEvents);
        }
    }

    void failed(WriterType writer, WriteMethod method, long nanos) {
        int i = slot(writer, method);
        duration[i].record(nanos, TimeUnit.NANOSECONDS);
        error[i].increment();
    }

    void flushed(WriterType writer, FlushTrigger trigger, boolean ok) {
        int i = writer.ordinal() * TRIGGERS + trigger.ordinal();
        (ok ? flushOk[i] : flushFailed[i]).increment();
    }

    private static int slot(WriterType writer, WriteMethod method) {
        return writer.ordinal() * METHODS + (method == WriteMethod.COPY ? 0 : 1);
    }

    static String itemType(WriterType writer) {
        return switch (writer) {
            case TRACE -> "span";
            case LOG -> "log";
            case METRIC -> "metric_point";
        };
    }

    private static Counter writes(MeterRegistry registry, WriterType writer, String op, String status) {
        return Counter.builder("storage.writes")
                .description("Batch write attempts by outcome")
                .tags("writer_type", writer.label(), "operation", op, "status", status)
                .register(registry);
    }

    private static Counter itemCounter(MeterRegistry registry, WriterType writer, String itemType) {
        return Counter.builder("storage.items.written")
                .description("Items committed to PostgreSQL (counted after commit; re-sent duplicates excluded)")
                .tags("writer_type", writer.label(), "item_type", itemType)
                .register(registry);
    }

    private static Counter flushes(MeterRegistry registry, WriterType writer, FlushTrigger trigger, String status) {
        return Counter.builder("storage.flushes")
                .description("Buffer flushes by trigger and outcome")
                .tags("writer_type", writer.label(), "trigger", trigger.label(), "status", status)
                .register(registry);
    }
}

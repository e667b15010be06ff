package org.llmobservatory.server.ingest;

import com.google.protobuf.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.llmobservatory.server.mapping.MappedItems;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.writer.BufferFullException;
import org.llmobservatory.storage.writer.RejectedItem;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * One signal's way from the bytes of an export request to committed rows: decode them (protobuf or OTLP/JSON),
 * map the request into storage items, hand them to the writer, and answer only once they are committed. Rows the
 * database refuses are reported in the partial success next to those the mapper rejected.
 *
 * @param <R> the signal's OTLP export request
 * @param <T> the signal's storage item
 */
final class SignalPipeline<R extends Message, T> {

    /** How to read, map, store and answer one signal. */
    record Parts<R extends Message, T>(Function<byte[], R> protobuf, Function<byte[], R> json,
            BiFunction<String, R, ? extends MappedItems<T>> mapper,
            Function<List<T>, CompletableFuture<WriteOutcome>> writer, BiFunction<Long, String, Message> response) {
    }

    private final TelemetrySignal signal;
    private final Parts<R, T> parts;

    SignalPipeline(TelemetrySignal signal, Parts<R, T> parts) {
        this.signal = signal;
        this.parts = parts;
    }

    /** The export request in {@code body}, as OTLP/JSON or protobuf. */
    R decode(byte[] body, boolean json) {
        return json ? parts.json().apply(body) : parts.protobuf().apply(body);
    }

    /** Stores the request's items for {@code projectId}, waiting at most {@code wait} for their commit. */
    IngestResult store(String projectId, R request, Duration wait) {
        MappedItems<T> mapped = parts.mapper().apply(projectId, request);
        int size = mapped.items().size();
        int rejectedByMapper = mapped.rejected().size();
        WriteOutcome outcome;
        try {
            outcome = parts.writer().apply(mapped.items()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BufferFullException) {
                return new IngestResult.Unavailable(IngestOutcome.REFUSED,
                        "the " + signal.label() + " buffer is full; retry later", 1, size, rejectedByMapper);
            }
            return new IngestResult.Unavailable(IngestOutcome.ERROR,
                    "storage could not commit the " + signal.label() + "; retry later", 5, size, rejectedByMapper);
        } catch (TimeoutException e) {
            // The items may still commit; a retry is safe because re-sent items are stored once.
            return new IngestResult.Unavailable(IngestOutcome.ERROR, "storage did not confirm the " + signal.label()
                    + " within " + wait.toMillis() + " ms; retry later", 5, size, rejectedByMapper);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IngestResult.Unavailable(IngestOutcome.ERROR, "interrupted", 1, size, rejectedByMapper);
        }
        int rejected = rejectedByMapper + outcome.rejected().size();
        String message = message(mapped.errorMessage(), outcome.rejected());
        return new IngestResult.Stored(parts.response().apply((long) rejected, message), outcome.committed(),
                rejected);
    }

    private String message(String mapperMessage, List<RejectedItem> refusedByDatabase) {
        if (refusedByDatabase.isEmpty()) {
            return mapperMessage;
        }
        String db = refusedByDatabase.size() + " " + signal.label() + " item(s) refused by the database: "
                + refusedByDatabase.get(0).message();
        return mapperMessage.isEmpty() ? db : mapperMessage + "; " + db;
    }
}

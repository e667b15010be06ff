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
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.writer.BufferFullException;
import org.llmobservatory.storage.writer.RejectedItem;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * One signal's way from a decoded export request to committed rows: map the request into storage
 * items, hand them to the writer, and answer only once they are committed. Rows the database refuses
 * are reported in the partial success next to those the mapper rejected.
 */
final class SignalPipeline<R extends Message, T> {

    private final TelemetrySignal signal;
    private final BiFunction<String, R, Mapped<T>> mapper;
    private final Function<List<T>, CompletableFuture<WriteOutcome>> writer;
    private final BiFunction<Long, String, Message> response;
    private final IngestObserver observer;

    SignalPipeline(TelemetrySignal signal, BiFunction<String, R, Mapped<T>> mapper,
            Function<List<T>, CompletableFuture<WriteOutcome>> writer, BiFunction<Long, String, Message> response,
            IngestObserver observer) {
        this.signal = signal;
        this.mapper = mapper;
        this.writer = writer;
        this.response = response;
        this.observer = observer;
    }

    /**
     * Stores the request's items for {@code projectId} and returns the OTLP response, waiting at most {@code wait}
     * for their commit.
     *
     * @throws IngestException when nothing was stored and the client should send again later
     */
    Accepted ingest(String projectId, R request, Protocol protocol, Duration wait) {
        Mapped<T> mapped = mapper.apply(projectId, request);
        int size = mapped.items().size();
        WriteOutcome outcome;
        try {
            outcome = writer.apply(mapped.items()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BufferFullException) {
                throw refused(protocol, size, mapped.rejected(), IngestOutcome.REFUSED,
                        "the " + signal.label() + " buffer is full; retry later", 1, cause);
            }
            throw refused(protocol, size, mapped.rejected(), IngestOutcome.ERROR,
                    "storage could not commit the " + signal.label() + "; retry later", 5, cause);
        } catch (TimeoutException e) {
            // The items may still commit; a retry is safe because re-sent items are stored once.
            throw refused(protocol, size, mapped.rejected(), IngestOutcome.ERROR,
                    "storage did not confirm the " + signal.label() + " within " + wait.toMillis()
                            + " ms; retry later", 5, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(protocol, size, mapped.rejected(), IngestOutcome.ERROR, "interrupted", 1, e);
        }
        int rejected = mapped.rejected() + outcome.rejected().size();
        String message = message(mapped.rejectionMessage(), outcome.rejected());
        IngestOutcome result = rejected == 0 ? IngestOutcome.ACCEPTED : IngestOutcome.PARTIAL;
        observer.requestEnded(signal, protocol, result, outcome.committed(), rejected, 0);
        return new Accepted(response.apply((long) rejected, message), outcome.committed(), rejected);
    }

    private IngestException refused(Protocol protocol, int items, int rejected, IngestOutcome outcome,
            String message, int retryAfter, Throwable cause) {
        observer.requestEnded(signal, protocol, outcome, 0, rejected, items);
        return new IngestException(outcome, message, retryAfter, cause);
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

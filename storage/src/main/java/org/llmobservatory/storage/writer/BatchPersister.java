package org.llmobservatory.storage.writer;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.error.SqlErrors;
import org.llmobservatory.storage.schema.PartitionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets one batch into PostgreSQL, whatever it takes short of losing or duplicating an item:
 * <ul>
 *   <li>transient failures (connection lost, server restarting, deadlock, timeout) are retried with
 *       capped, jittered backoff while the batch stays in memory;</li>
 *   <li>a COPY that meets rows already stored (a client sent them again) is redone as INSERT ... ON
 *       CONFLICT DO NOTHING, so the new rows land and the old ones are not duplicated;</li>
 *   <li>a batch with values the database refuses is split in halves until the bad items stand alone;
 *       they are reported to their callers and every good item commits.</li>
 * </ul>
 */
final class BatchPersister<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchPersister.class);
    private static final int MAX_PARTITION_RETRIES = 3;

    private final TableLayout<T> layout;
    private final BatchStatement<T> statement;
    private final PartitionManager partitions;
    private final WriterSettings settings;
    private final WriteObserver observer;
    private final Backoff backoff;
    private final IntConsumer release;
    private volatile boolean abandoned;

    /** {@code release} hands buffer room back just before items are settled, so a caller that was told
     * its items are stored finds room for more. */
    BatchPersister(TableLayout<T> layout, BatchStatement<T> statement, PartitionManager partitions,
            WriterSettings settings, WriteObserver observer, IntConsumer release) {
        this.release = release;
        this.layout = layout;
        this.statement = statement;
        this.partitions = partitions;
        this.settings = settings;
        this.observer = observer;
        this.backoff = new Backoff(Duration.ofMillis(50), settings.retryBackoffMax());
    }

    /** From now on, transient failures fail their items instead of waiting: the writer is shutting down. */
    void abandon() {
        abandoned = true;
    }

    /** Writes the batch and settles every item's ticket; false when some items could not be stored. */
    boolean persist(List<Pending<T>> batch) {
        WriteMethod method = methodFor(batch.size());
        int attempt = 0;
        int partitionRetries = 0;
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item()));
        while (true) {
            long started = System.nanoTime();
            try {
                ensurePartitions(items);
                int inserted = statement.write(method, items);
                observer.committed(layout.writer(), method, items.size(), inserted,
                        inserted == 0 ? 0 : events(items), System.nanoTime() - started);
                commitAll(batch);
                return true;
            } catch (SQLException | RuntimeException e) {
                ErrorType type = SqlErrors.classify(e);
                String state = SqlErrors.sqlState(e);
                observer.failed(layout.writer(), method, items.size(), type, System.nanoTime() - started);
                if (method == WriteMethod.COPY && SqlErrors.UNIQUE_VIOLATION.equals(state)) {
                    method = WriteMethod.INSERT;
                    continue;
                }
                if (SqlErrors.NO_PARTITION.equals(state) && partitionRetries++ < MAX_PARTITION_RETRIES) {
                    // A partition was dropped behind our back (retention elsewhere): create it again.
                    partitions.forget();
                    continue;
                }
                if (type.transientFailure()) {
                    if (abandoned) {
                        failAll(batch, e);
                        return false;
                    }
                    attempt++;
                    long delay = backoff.delayNanos(attempt);
                    observer.retrying(layout.writer(), method, type, attempt, delay);
                    if (attempt == 1 || attempt % 10 == 0) {
                        log.warn("{} writer: batch of {} failed ({}: {}); retry {} in {} ms",
                                layout.writer().label(), items.size(), type.label(), e.getMessage(), attempt,
                                delay / 1_000_000);
                    }
                    pause(delay);
                    continue;
                }
                if (type == ErrorType.DATA || type == ErrorType.CONSTRAINT) {
                    return isolate(batch, e, type);
                }
                if (e instanceof RuntimeException) {
                    // An item that cannot even be encoded (say, a timestamp beyond PostgreSQL's range).
                    return isolate(batch, e, ErrorType.DATA);
                }
                log.error("{} writer: batch of {} cannot be stored ({})", layout.writer().label(), items.size(),
                        type.label(), e);
                failAll(batch, e);
                return false;
            }
        }
    }

    private boolean isolate(List<Pending<T>> batch, Exception cause, ErrorType type) {
        if (batch.size() == 1) {
            Pending<T> bad = batch.get(0);
            observer.rejected(layout.writer(), type);
            release.accept(1);
            bad.ticket().rejected(new RejectedItem(bad.index(), type, SqlErrors.sqlState(cause),
                    firstLine(cause.getMessage())));
            return true;
        }
        int half = batch.size() / 2;
        boolean left = persist(new ArrayList<>(batch.subList(0, half)));
        boolean right = persist(new ArrayList<>(batch.subList(half, batch.size())));
        return left && right;
    }

    private int events(List<T> items) {
        int total = 0;
        for (T item : items) {
            total += layout.events().applyAsInt(item);
        }
        return total;
    }

    private WriteMethod methodFor(int size) {
        return switch (settings.method()) {
            case COPY -> WriteMethod.COPY;
            case INSERT -> WriteMethod.INSERT;
            case AUTO -> size >= settings.copyThreshold() ? WriteMethod.COPY : WriteMethod.INSERT;
        };
    }

    private void ensurePartitions(List<T> items) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        for (T item : items) {
            days.add(PartitionManager.day(layout.time().apply(item)));
        }
        for (LocalDate day : days) {
            partitions.ensure(layout.table(), day);
        }
    }

    private void commitAll(List<Pending<T>> batch) {
        release.accept(batch.size());
        // Tickets settle once per item; grouping consecutive items of one ticket keeps it cheap.
        Ticket current = null;
        int run = 0;
        for (Pending<T> p : batch) {
            if (p.ticket() != current) {
                if (current != null) {
                    current.committed(run);
                }
                current = p.ticket();
                run = 0;
            }
            run++;
        }
        if (current != null) {
            current.committed(run);
        }
    }

    private void failAll(List<Pending<T>> batch, Exception cause) {
        WriteFailedException failure = new WriteFailedException(layout.writer().label() + " writer could not store "
                + batch.size() + " items: " + firstLine(cause.getMessage()), cause);
        release.accept(batch.size());
        batch.forEach(p -> p.ticket().failed(failure, 1));
    }

    private void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !abandoned) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
            if (Thread.interrupted()) {
                return;
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

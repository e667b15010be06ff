package org.llmobservatory.storage.writer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batching engine under every writer: a bounded buffer, flush threads that take batches from it
 * on size, interval, explicit request or shutdown, and group commit — a caller's future completes
 * only after the transaction holding its items has committed. Writing one batch (retries, splitting
 * around bad rows) is {@link BatchPersister}'s job.
 */
final class BatchEngine<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchEngine.class);

    private final TableLayout<T> layout;
    private final WriterSettings settings;
    private final WriteObserver observer;
    private final BatchPersister<T> persister;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    /** Batches being written, with the {@link System#nanoTime()} their write began. */
    private final Map<List<Pending<T>>, Long> inFlight = new IdentityHashMap<>();
    private final List<Thread> flushers = new ArrayList<>();
    private final IntSupplier bufferGauge = this::buffered;
    private int held;
    private long lastSequence;
    private long flushThrough;
    private boolean closing;

    BatchEngine(TableLayout<T> layout, StoragePool pool, PartitionManager partitions, WriterSettings settings,
            WriteObserver observer) {
        this.layout = layout;
        this.settings = settings;
        this.observer = observer;
        this.persister = new BatchPersister<>(layout, new BatchStatement<>(pool, layout), partitions,
                settings, observer, this::release);
        String name = layout.writer().label() + "-writer-flush-";
        for (int i = 1; i <= settings.flushConcurrency(); i++) {
            Thread t = new Thread(this::flushLoop, name + i);
            t.setDaemon(true);
            flushers.add(t);
        }
        flushers.forEach(Thread::start);
        observer.writerOpened(layout.writer(), bufferGauge);
    }

    /** Buffers {@code items} as one group, or refuses them all at once when they do not fit. */
    CompletableFuture<WriteOutcome> submit(List<T> items) {
        Ticket ticket = new Ticket(items.size());
        if (items.isEmpty()) {
            ticket.committed(0);
            return ticket.future();
        }
        lock.lock();
        try {
            if (closing) {
                return CompletableFuture.failedFuture(
                        new WriteFailedException(layout.writer().label() + " writer is closed", null));
            }
            if (held + items.size() > settings.bufferCapacity()) {
                observer.refused(layout.writer(), items.size());
                return CompletableFuture.failedFuture(new BufferFullException(layout.writer(), items.size(), held,
                        settings.bufferCapacity()));
            }
            long now = System.nanoTime();
            for (int i = 0; i < items.size(); i++) {
                queue.add(new Pending<>(items.get(i), ticket, i, now, ++lastSequence));
            }
            held += items.size();
            if (queue.size() >= settings.batchSize() || queue.size() == items.size()) {
                // A full batch is ready, or the buffer was empty and the interval clock starts now.
                work.signalAll();
            }
        } finally {
            lock.unlock();
        }
        return ticket.future();
    }

    private void release(int items) {
        lock.lock();
        try {
            held -= items;
        } finally {
            lock.unlock();
        }
    }

    /** Completes when everything buffered before this call is committed (or has failed). */
    CompletableFuture<Void> flush() {
        List<CompletableFuture<WriteOutcome>> waits = new ArrayList<>();
        lock.lock();
        try {
            flushThrough = lastSequence;
            Set<Ticket> tickets = new HashSet<>();
            queue.forEach(p -> tickets.add(p.ticket()));
            inFlight.keySet().forEach(batch -> batch.forEach(p -> tickets.add(p.ticket())));
            tickets.forEach(t -> waits.add(t.future()));
            work.signalAll();
        } finally {
            lock.unlock();
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    boolean full() {
        lock.lock();
        try {
            return held >= settings.bufferCapacity();
        } finally {
            lock.unlock();
        }
    }

    /** How long the oldest batch being written has been at it (its retries included); zero when none is. */
    long longestWriteNanos() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return inFlight.values().stream().mapToLong(start -> now - start).max().orElse(0);
        } finally {
            lock.unlock();
        }
    }

    /** Items accepted and not yet committed: waiting in the buffer or being written. */
    int buffered() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        while (true) {
            List<Pending<T>> batch;
            FlushTrigger trigger;
            lock.lock();
            try {
                trigger = awaitTrigger();
                if (trigger == null) {
                    return;
                }
                batch = drain();
                inFlight.put(batch, System.nanoTime());
            } finally {
                lock.unlock();
            }
            try {
                boolean stored = persister.persist(batch);
                observer.flushed(layout.writer(), trigger, stored, batch.size());
            } catch (RuntimeException e) {
                // Only an observer that throws gets here; the batch's items were settled or are failed now.
                log.error("{} writer failed a batch of {} unexpectedly", layout.writer().label(), batch.size(), e);
                batch.forEach(p -> p.ticket().failed(e, 1));
            } finally {
                lock.lock();
                try {
                    inFlight.remove(batch);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits (holding the lock) until a batch should be written; null when the writer has drained. */
    private FlushTrigger awaitTrigger() {
        while (true) {
            if (queue.size() >= settings.batchSize()) {
                return FlushTrigger.SIZE;
            }
            if (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                work.awaitUninterruptibly();
                continue;
            }
            if (closing) {
                return FlushTrigger.SHUTDOWN;
            }
            if (queue.peekFirst().sequence() <= flushThrough) {
                return FlushTrigger.EXPLICIT;
            }
            long waitNanos = queue.peekFirst().enqueuedNanos() + settings.flushInterval().toNanos()
                    - System.nanoTime();
            if (waitNanos <= 0) {
                return FlushTrigger.INTERVAL;
            }
            try {
                work.awaitNanos(waitNanos);
            } catch (InterruptedException e) {
                // Flush threads are only interrupted to hurry a drain that ran out of time.
                Thread.currentThread().interrupt();
                return FlushTrigger.SHUTDOWN;
            }
        }
    }

    private List<Pending<T>> drain() {
        int n = Math.min(queue.size(), settings.batchSize());
        List<Pending<T>> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(queue.pollFirst());
        }
        return batch;
    }

    /**
     * Stops taking items and drains: waits up to the drain timeout for everything buffered to commit,
     * then gives up on what is left (those callers see their futures fail and may send again).
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        joinUntil(deadline);
        if (flushers.stream().anyMatch(Thread::isAlive)) {
            log.warn("{} writer did not drain within {}; failing {} buffered items", layout.writer().label(),
                    settings.drainTimeout(), buffered());
            persister.abandon();
            flushers.forEach(Thread::interrupt);
            joinUntil(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        }
        failLeftovers();
        observer.writerClosed(layout.writer(), bufferGauge);
    }

    private void joinUntil(long deadlineNanos) {
        for (Thread t : flushers) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void failLeftovers() {
        lock.lock();
        try {
            WriteFailedException closed = new WriteFailedException(
                    layout.writer().label() + " writer closed before these items were stored", null);
            for (Pending<T> p : queue) {
                p.ticket().failed(closed, 1);
            }
            held -= queue.size();
            queue.clear();
        } finally {
            lock.unlock();
        }
    }
}

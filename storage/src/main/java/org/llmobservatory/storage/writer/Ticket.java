package org.llmobservatory.storage.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The promise made to one caller of {@code writeAll}: it completes once each of its items is
 * committed or rejected, or fails as soon as one of them cannot be stored at all.
 */
final class Ticket {

    private final CompletableFuture<WriteOutcome> future = new CompletableFuture<>();
    private final int size;
    private final List<RejectedItem> rejected = new ArrayList<>();
    private int settled;

    Ticket(int size) {
        this.size = size;
    }

    CompletableFuture<WriteOutcome> future() {
        return future;
    }

    synchronized void committed(int count) {
        settle(count);
    }

    synchronized void rejected(RejectedItem item) {
        rejected.add(item);
        settle(1);
    }

    synchronized void failed(Throwable cause, int count) {
        future.completeExceptionally(cause);
        settle(count);
    }

    private void settle(int count) {
        settled += count;
        if (settled >= size && !future.isDone()) {
            rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
            future.complete(new WriteOutcome(size - rejected.size(), rejected));
        }
    }
}

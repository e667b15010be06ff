package org.llmobservatory.storage.writer;

import java.util.concurrent.CompletableFuture;

/** Turns a one-item group outcome into a plain future that fails when the item was refused. */
final class WriterFutures {

    private WriterFutures() {
    }

    static CompletableFuture<Void> single(CompletableFuture<WriteOutcome> outcome) {
        return outcome.thenCompose(o -> o.allCommitted()
                ? CompletableFuture.<Void>completedFuture(null)
                : CompletableFuture.<Void>failedFuture(new RejectedItemException(o.rejected().get(0))));
    }
}

package org.llmobservatory.storage.writer;

import java.util.List;

/**
 * What became of a group of items handed to {@code writeAll}: how many are committed, and which were
 * refused by the database, by their position in the list.
 */
public record WriteOutcome(int committed, List<RejectedItem> rejected) {

    public WriteOutcome {
        rejected = List.copyOf(rejected);
    }

    public boolean allCommitted() {
        return rejected.isEmpty();
    }
}

package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.storage.model.Span;

/**
 * Writes what a batch of newly stored spans adds to the usage rollups, as rows of {@code usage_rollup_deltas}, in
 * the batch's own transaction: the deltas commit exactly when the spans do. Only spans with a model count, as in
 * usage. Inserting (rather than updating the hot rows of the current hour) keeps concurrent batches from waiting
 * on each other; {@link RollupCompactor} folds the deltas into {@code usage_rollups} later.
 */
public final class UsageDeltas {

    private UsageDeltas() {
    }

    /** Adds the usage of {@code stored}, spans this transaction has just inserted. */
    public static void write(Connection c, List<Span> stored) throws SQLException {
        Map<RollupKey, UsageCell> cells = new HashMap<>();
        for (Span span : stored) {
            if (span.model() != null) {
                cells.computeIfAbsent(RollupKey.of(span), k -> new UsageCell()).add(span);
            }
        }
        if (!cells.isEmpty()) {
            RollupRows.insert(c, "usage_rollup_deltas", cells);
        }
    }
}

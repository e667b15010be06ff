package org.llmobservatory.storage.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes that belong with a batch: run on its connection, in its transaction, with the items the batch actually
 * inserted (not those that were stored already), so that they commit exactly when the items do.
 */
@FunctionalInterface
public interface SameTransaction<T> {

    void write(Connection c, List<T> inserted) throws SQLException;
}

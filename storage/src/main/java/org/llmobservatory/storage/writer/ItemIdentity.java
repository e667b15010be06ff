package org.llmobservatory.storage.writer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * What tells stored rows apart (the primary key), as text: read from an item, or from the row an INSERT ...
 * RETURNING {@link #columns} gave back. The INSERT path uses it to learn which items were new.
 */
record ItemIdentity<T>(String columns, Function<T, String> ofItem, RowIdentity ofRow) {

    @FunctionalInterface
    interface RowIdentity {
        String of(ResultSet rs) throws SQLException;
    }
}

package org.llmobservatory.storage.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.error.SqlErrors;
import org.llmobservatory.storage.pool.StoragePool;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes one batch in one transaction, by binary COPY or by multi-row INSERT ... ON CONFLICT DO
 * NOTHING split to stay under the bind-parameter limit. Either the whole batch commits or none of it.
 */
final class BatchStatement<T> {

    private static final int COPY_CHUNK = 256 * 1024;

    private final StoragePool pool;
    private final TableLayout<T> layout;
    private final String copySql;

    BatchStatement(StoragePool pool, TableLayout<T> layout) {
        this.pool = pool;
        this.layout = layout;
        this.copySql = layout.copySql();
    }

    /** Writes and commits {@code items}; returns the number of rows that were new. */
    int write(WriteMethod method, List<T> items) throws SQLException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try {
                int inserted;
                if (layout.alongside() == null) {
                    inserted = method == WriteMethod.COPY ? copy(c, items) : insert(c, items, null);
                } else if (method == WriteMethod.COPY) {
                    // A COPY either stores every item or fails (a unique violation sends the batch to INSERT).
                    inserted = copy(c, items);
                    layout.alongside().write(c, items);
                } else {
                    List<T> stored = new ArrayList<>(items.size());
                    inserted = insert(c, items, stored);
                    layout.alongside().write(c, stored);
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                ErrorType type = SqlErrors.classify(e);
                if (type == ErrorType.CONNECTION || type == ErrorType.SHUTDOWN) {
                    pool.evict(c);
                } else {
                    rollbackQuietly(c, e);
                }
                throw e;
            }
        }
    }

    private int copy(Connection c, List<T> items) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            CopyBuffer buffer = new CopyBuffer(Math.min(COPY_CHUNK * 2, 512 + items.size() * 512));
            buffer.header();
            List<Column<T>> columns = layout.columns();
            for (T item : items) {
                buffer.startRow(columns.size());
                for (Column<T> column : columns) {
                    Object value = column.value().apply(item);
                    if (value == null) {
                        buffer.nullField();
                    } else {
                        column.type().copy(buffer, value);
                    }
                }
                if (buffer.size() >= COPY_CHUNK) {
                    copy.writeToCopy(buffer.array(), 0, buffer.size());
                    buffer.clear();
                }
            }
            buffer.trailer();
            copy.writeToCopy(buffer.array(), 0, buffer.size());
            return (int) copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    /** Inserts what is new; when {@code stored} is given, it receives the items that were new, each once. */
    private int insert(Connection c, List<T> items, List<T> stored) throws SQLException {
        int perStatement = layout.maxRowsPerInsert();
        int inserted = 0;
        List<Column<T>> columns = layout.columns();
        Set<String> newRows = new HashSet<>();
        for (int from = 0; from < items.size(); from += perStatement) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + perStatement));
            String sql = layout.insertSql(chunk.size())
                    + (stored == null ? "" : " RETURNING " + layout.identity().columns());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int index = 1;
                for (T item : chunk) {
                    for (Column<T> column : columns) {
                        Object value = column.value().apply(item);
                        if (value == null) {
                            ps.setNull(index, java.sql.Types.OTHER);
                        } else {
                            column.type().bind(ps, index, value, c);
                        }
                        index++;
                    }
                }
                if (stored == null) {
                    inserted += ps.executeUpdate();
                } else {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            newRows.add(layout.identity().ofRow().of(rs));
                            inserted++;
                        }
                    }
                }
            }
        }
        if (stored != null) {
            // The same item twice in one batch is inserted once: remove() hands each new row out once.
            for (T item : items) {
                if (newRows.remove(layout.identity().ofItem().apply(item))) {
                    stored.add(item);
                }
            }
        }
        return inserted;
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException e) {
            // Cancelling after a broken connection fails too; the write error is already on its way up.
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is likely gone; the original failure is what matters.
            cause.addSuppressed(e);
        }
    }
}

package org.llmobservatory.storage.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.error.SqlErrors;
import org.llmobservatory.storage.pool.StoragePool;

/**
 * Runs a repository's statements on a pooled connection, times them and tells the observer the
 * outcome, and turns {@link SQLException} into {@link StorageQueryException}.
 */
final class QueryRunner {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final StoragePool pool;
    private final QueryObserver observer;
    private final RepositoryKind repository;

    QueryRunner(StoragePool pool, QueryObserver observer, RepositoryKind repository) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.observer = observer == null ? QueryObserver.NONE : observer;
        this.repository = repository;
    }

    /** Runs one query and maps every row; the observer hears the row count. */
    <T> List<T> list(String method, SqlStatement statement, RowMapper<T> mapper) {
        return query(method, statement, mapper, rows -> rows, List::size);
    }

    /**
     * Runs one query, maps every row and shapes the rows into the result (a page, a tree, series);
     * the observer hears the time of all of it and the result count {@code size} gives.
     */
    <T, R> R query(String method, SqlStatement statement, RowMapper<T> mapper, Function<List<T>, R> shape,
            ToIntFunction<R> size) {
        long start = System.nanoTime();
        R result;
        try (Connection c = pool.connection()) {
            if (statement.isSerial()) {
                // Settings local to this transaction (set_config's true), so the pooled connection goes back as
                // it came: no parallel workers, and a plan for the values bound, never a cached generic one.
                c.setAutoCommit(false);
                try (Statement set = c.createStatement()) {
                    set.execute("SELECT set_config('max_parallel_workers_per_gather', '0', true),"
                            + " set_config('plan_cache_mode', 'force_custom_plan', true)");
                }
            }
            try (PreparedStatement ps = statement.prepare(c); ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                result = shape.apply(rows);
            } finally {
                if (statement.isSerial()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            ErrorType type = SqlErrors.classify(e);
            observer.queryFailed(repository, method, type, System.nanoTime() - start);
            if (e instanceof SQLException) {
                throw new StorageQueryException(method, type, e);
            }
            throw (RuntimeException) e;
        }
        observer.queryCompleted(repository, method, System.nanoTime() - start, size.applyAsInt(result));
        return result;
    }
}

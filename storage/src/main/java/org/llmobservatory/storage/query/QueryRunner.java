package org.llmobservatory.storage.query;

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
import javax.sql.DataSource;
import org.llmobservatory.storage.error.SqlErrors;

/**
 * Runs the storage's statements on a connection of its data source, times them and tells the observer the outcome
 * under the part of the storage that ran them ({@link RepositoryKind}) and a method name from a fixed set. The
 * repositories' queries ({@link #list}, {@link #query}) turn {@link SQLException} into
 * {@link StorageQueryException}, after running once more elsewhere when the runner's {@link Rerouting} policy says
 * so (the read routing's, when the server a read went to was lost); the other parts' work ({@link #call},
 * {@link #inTransaction}) keeps throwing {@link SQLException}, as their callers expect.
 */
public final class QueryRunner {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<R> {
        R run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final QueryObserver observer;
    private final RepositoryKind repository;
    private final Rerouting rerouting;

    /** A runner on one server: a failed read is never run again. */
    public QueryRunner(DataSource dataSource, QueryObserver observer, RepositoryKind repository) {
        this(dataSource, Rerouting.NEVER, observer, repository);
    }

    /** A runner whose failed reads run once more when {@code rerouting} says so. */
    public QueryRunner(DataSource dataSource, Rerouting rerouting, QueryObserver observer, RepositoryKind repository) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.rerouting = Objects.requireNonNull(rerouting, "rerouting");
        this.observer = observer == null ? QueryObserver.NONE : observer;
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    /** Runs one query and maps every row; the observer hears the row count. */
    public <T> List<T> list(String method, SqlStatement statement, RowMapper<T> mapper) {
        return query(method, statement, mapper, rows -> rows, List::size);
    }

    /**
     * Runs one query, maps every row and shapes the rows into the result (a page, a tree, series);
     * the observer hears the time of all of it and the result count {@code size} gives.
     */
    public <T, R> R query(String method, SqlStatement statement, RowMapper<T> mapper, Function<List<T>, R> shape,
            ToIntFunction<R> size) {
        SQLException failure;
        try {
            return call(method, c -> read(c, statement, mapper, shape), size);
        } catch (SQLException e) {
            failure = e;
        }
        if (rerouting.reroute(failure)) {
            try {
                return call(method, c -> read(c, statement, mapper, shape), size);
            } catch (SQLException e) {
                failure = e;
            }
        }
        throw new StorageQueryException(method, SqlErrors.classify(failure), failure);
    }

    /**
     * Does {@code work} on one connection; the observer hears its time and the count {@code size} gives, or its
     * failure with the error's type. Exceptions reach the caller unchanged.
     */
    public <R> R call(String method, Work<R> work, ToIntFunction<R> size) throws SQLException {
        long start = System.nanoTime();
        R result;
        try (Connection c = dataSource.getConnection()) {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            observer.queryFailed(repository, method, SqlErrors.classify(e), System.nanoTime() - start);
            throw e;
        }
        observer.queryCompleted(repository, method, System.nanoTime() - start, size.applyAsInt(result));
        return result;
    }

    /** As {@link #call}, in one transaction: committed when {@code work} returns, rolled back when it throws. */
    public <R> R inTransaction(String method, Work<R> work, ToIntFunction<R> size) throws SQLException {
        return call(method, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                R result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }, size);
    }

    /** Runs one statement that returns no rows; the observer hears the count of rows it changed. */
    public long update(String method, SqlStatement statement) throws SQLException {
        return call(method, c -> {
            try (PreparedStatement ps = statement.prepare(c)) {
                return ps.executeLargeUpdate();
            }
        }, n -> (int) Math.min(n, Integer.MAX_VALUE));
    }

    private static <T, R> R read(Connection c, SqlStatement statement, RowMapper<T> mapper,
            Function<List<T>, R> shape) throws SQLException {
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
            return shape.apply(rows);
        } finally {
            if (statement.isSerial()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}

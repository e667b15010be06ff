package org.llmobservatory.storage.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * A statement assembled from fixed SQL fragments (constants of the repository classes, never input)
 * and the values bound to their placeholders, in order.
 */
public final class SqlStatement {

    private final StringBuilder sql = new StringBuilder(512);
    private final List<Object> params = new ArrayList<>();
    private boolean plannedForItsValues;
    private boolean serial;

    /** Appends a fragment and the values of its placeholders. */
    public SqlStatement append(String fragment, Object... values) {
        long placeholders = fragment.chars().filter(ch -> ch == '?').count();
        if (placeholders != values.length) {
            throw new IllegalStateException("fragment has " + placeholders + " placeholders but "
                    + values.length + " values: " + fragment);
        }
        sql.append(fragment).append('\n');
        params.addAll(Arrays.asList(values));
        return this;
    }

    /** Appends a one-placeholder filter only when its value is present. */
    public SqlStatement filter(String fragment, Object value) {
        return value == null ? this : append(fragment, value);
    }

    /**
     * Makes PostgreSQL plan every execution for the values bound, never reusing a generic plan. The
     * driver turns a statement run five times on a connection into a server-side prepared one, and the
     * server then settles on a plan made without the values: for a time window it assumes a tiny share
     * of the rows, and so picks index scans without parallel workers even for 30 days of spans (twice as
     * slow measured on 10M spans). Planning anew costs well under a millisecond.
     */
    public SqlStatement plannedForItsValues() {
        plannedForItsValues = true;
        return this;
    }

    /**
     * Runs the statement without parallel workers, planned for its values, its results in the binary format. For
     * a statement that reads a few thousand rows in a few milliseconds, starting two workers costs more than it
     * saves (usage over 24 h from the rollups at 10M spans: 12.6 ms with them, 3.3 ms without), but the planner's
     * estimates for a union of several small parts invite them.
     */
    public SqlStatement serial() {
        serial = true;
        return this;
    }

    public boolean isSerial() {
        return serial;
    }

    public PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            if (serial) {
                // Results in the binary format (bytea as bytes rather than hex text, numbers and times without
                // parsing): the driver then prepares the statement by name, so the plan is kept custom by the
                // transaction's plan_cache_mode instead (QueryRunner).
                ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            } else if (plannedForItsValues) {
                ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, bindable(params.get(i)));
            }
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    public String sql() {
        return sql.toString();
    }

    private static Object bindable(Object value) {
        // pgjdbc binds OffsetDateTime as timestamptz; Instant is not a JDBC type.
        return value instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : value;
    }
}

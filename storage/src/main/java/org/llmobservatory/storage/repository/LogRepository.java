package org.llmobservatory.storage.repository;

import java.util.UUID;
import javax.sql.DataSource;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.Rerouting;
import org.llmobservatory.storage.query.SqlStatement;
import org.llmobservatory.storage.query.StorageQueryException;

/**
 * Searches log records by project, time window, severity, service, trace and body text, newest
 * first with keyset paging. Invalid arguments throw {@link IllegalArgumentException}; database
 * failures {@link StorageQueryException}.
 */
public final class LogRepository {

    private static final String SEARCH_LOGS = "search_logs";

    private static final String SELECT = "SELECT " + Rows.LOG_COLUMNS + """

              FROM logs
             WHERE project_id = ? AND time >= ? AND time < ?""";
    private static final String MIN_SEVERITY = "AND severity_number >= ?";
    private static final String SERVICE = "AND service_name = ?";
    private static final String TRACE = "AND trace_id = ?";
    private static final String TEXT = "AND body ILIKE ? ESCAPE '\\'";
    // The plain bound on time lets the time index narrow the scan; the row comparison breaks ties.
    private static final String AFTER = "AND time <= ? AND (time, log_id) < (?, ?)";
    private static final String ORDER = "ORDER BY time DESC, log_id DESC LIMIT ?";

    private final QueryRunner runner;

    public LogRepository(StoragePool pool, QueryObserver observer) {
        this(pool.dataSource(), observer);
    }

    /** Reads through one data source; a failed read fails. */
    public LogRepository(DataSource reads, QueryObserver observer) {
        this(reads, Rerouting.NEVER, observer);
    }

    /**
     * Reads through {@code reads}, such as the storage's read routing (replica or primary), running a failed read
     * once more when {@code rerouting} says so.
     */
    public LogRepository(DataSource reads, Rerouting rerouting, QueryObserver observer) {
        this.runner = new QueryRunner(reads, rerouting, observer, RepositoryKind.LOG);
    }

    /** Log records matching every filter of the query, newest first. */
    public Page<LogRecord> search(LogQuery q) {
        return runner.query(SEARCH_LOGS, statement(q), Rows::log,
                rows -> Page.of(rows, q.limit(),
                        r -> new Cursor(r.time(), r.logId().toString()).encode(Cursor.Listing.LOGS, q.filters())),
                page -> page.items().size());
    }

    static SqlStatement statement(LogQuery q) {
        SqlStatement sql = new SqlStatement()
                .append(SELECT, q.projectId(), q.range().from(), q.range().to())
                .filter(MIN_SEVERITY, q.minSeverity())
                .filter(SERVICE, q.serviceName())
                .filter(TRACE, q.traceId())
                .filter(TEXT, q.text() == null ? null : "%" + likeLiteral(q.text()) + "%");
        if (q.cursor() != null) {
            Cursor after = logIdChecked(Cursor.decode(Cursor.Listing.LOGS, q.cursor(), q.filters()));
            sql.append(AFTER, after.time(), after.time(), UUID.fromString(after.firstId()));
        }
        return sql.append(ORDER, q.limit() + 1);
    }

    /** Escapes LIKE's wildcards and its escape character so the text matches only itself. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Decodes a log cursor, whose id must be a log id. */
    static Cursor after(String token) {
        return logIdChecked(Cursor.decode(Cursor.Listing.LOGS, token));
    }

    private static Cursor logIdChecked(Cursor cursor) {
        try {
            UUID.fromString(cursor.firstId());
        } catch (IllegalArgumentException e) {
            throw Cursor.invalid();
        }
        return cursor;
    }
}

package org.llmobservatory.storage.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.llmobservatory.storage.columns.ColumnValue;
import org.llmobservatory.storage.columns.TableDescriptors;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;

/** Column lists and row mappers for the stored telemetry types, those of {@link TableDescriptors}. */
final class Rows {

    /**
     * Every span column of a query {@code FROM spans}, JSON read back as text, the resource looked up by its key
     * (one index probe of a small table per span).
     */
    static final String SPAN_COLUMNS = TableDescriptors.SPANS.selectList();

    /**
     * The span columns a trace's outline needs (its tree, timing, models, tokens and cost), with the large ones
     * (attributes, resource, events, links, status message, prompt and completion) read as NULL, so that neither
     * their stored values nor the resource lookups are touched.
     */
    static final String SPAN_OUTLINE_COLUMNS = TableDescriptors.SPANS.outlineSelectList();

    static final String LOG_COLUMNS = TableDescriptors.LOGS.selectList();

    private Rows() {
    }

    static Span span(ResultSet rs) throws SQLException {
        return TableDescriptors.SPANS.read(rs);
    }

    static LogRecord log(ResultSet rs) throws SQLException {
        return TableDescriptors.LOGS.read(rs);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return ColumnValue.instant(rs, column);
    }
}

package org.llmobservatory.storage.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** A library user's spans are priced as the service's are: the model calls written without a cost get one. */
class SpanPricingTest {

    @Test
    void model_calls_written_without_a_cost_are_stored_with_the_price_tables_and_sent_costs_are_kept()
            throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        Instant now = Instant.now();
        String traceId = SampleTelemetry.traceId();
        Span unpriced = SampleTelemetry.llmSpan("pricing", traceId, now).toBuilder().costUsd(null).build();
        Span sent = SampleTelemetry.llmSpan("pricing", traceId, now).toBuilder()
                .spanId(SampleTelemetry.spanId()).costUsd(new BigDecimal("0.5")).build();
        Span unknownModel = SampleTelemetry.llmSpan("pricing", traceId, now).toBuilder()
                .spanId(SampleTelemetry.spanId()).model("no-such-model").costUsd(null).build();
        Span tool = SampleTelemetry.llmSpan("pricing", traceId, now).toBuilder().spanId(SampleTelemetry.spanId())
                .name("execute_tool search").model(null).provider(null).operation("execute_tool").costUsd(null)
                .build();

        try (Storage storage = Storage.open(db.config())) {
            storage.traces().writeAll(List.of(unpriced, sent, unknownModel, tool)).get(30, TimeUnit.SECONDS);
        }

        // gpt-4o: 1,000 uncached input tokens at $2.50, 200 cached at $1.25, 350 output at $10.00 per million.
        assertThat(costOf(db, unpriced)).isEqualByComparingTo("0.00625");
        assertThat(costOf(db, sent)).isEqualByComparingTo("0.5");
        assertThat(costOf(db, unknownModel)).isNull();
        assertThat(costOf(db, tool)).isNull();
    }

    private static BigDecimal costOf(TestDatabase db, Span span) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT cost_usd FROM spans WHERE span_id = decode(?, 'hex') AND project_id = ?")) {
            ps.setString(1, span.spanId());
            ps.setString(2, span.projectId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("span %s stored", span.spanId()).isTrue();
                return rs.getBigDecimal(1);
            }
        }
    }
}

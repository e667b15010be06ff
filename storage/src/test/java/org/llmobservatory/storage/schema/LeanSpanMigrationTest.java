package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.SpanNode;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.TraceTree;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * The migration to the leaner span row (V8) on a database that already holds spans in the earlier form: every span
 * reads back as it was, with its ids in hex, its resource, its kind and status, and the prompt stored once.
 */
class LeanSpanMigrationTest {

    private static final Instant T0 = Instant.parse("2031-08-01T10:00:00Z");
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CHECKOUT = "{\"service.name\": \"checkout\", \"host.name\": \"a\"}";
    private static final String SEARCH = "{\"service.name\": \"search\"}";
    private static final String PROMPT = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]";

    @Test
    void spans_stored_before_read_back_the_same_after_the_upgrade() throws Exception {
        TestDatabase older = TestServers.freshDatabase();
        try (StoragePool pool = older.pool(4)) {
            Flyway.configure().dataSource(pool.dataSource()).locations("classpath:db/migration")
                    .table("schema_history").target("6").load().migrate();
            new PartitionManager(pool.dataSource()).ensure(TelemetryTable.SPANS, PartitionManager.day(T0));
            try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name,
                                       start_time, end_time, duration_ms, status_code, model, attributes,
                                       resource_attributes, input_content)
                    VALUES ('shop', ?, ?, ?, ?, ?, ?, ?, ?, 100, ?, ?, ?::jsonb, ?::jsonb, ?)""")) {
                // The root, upper-case hex as a library caller might have written it; a model call with its prompt
                // in both places; a tool call of another resource; a legacy id that is not hex at all.
                insert(ps, TRACE.toUpperCase(), "B7AD6B7169203331", null, "agent", "server", "checkout", 0, "unset",
                        null, "{\"step\": 1}", CHECKOUT, null);
                insert(ps, TRACE, "00f067aa0ba902b7", "b7ad6b7169203331", "chat gpt-4o", "client", "checkout", 1,
                        "ok", "gpt-4o", "{\"gen_ai.input.messages\": \"" + PROMPT.replace("\"", "\\\"")
                                + "\", \"gen_ai.request.temperature\": 0.2}", CHECKOUT, PROMPT);
                insert(ps, TRACE, "53995c3f42cd8ad8", "b7ad6b7169203331", "search", "internal", "search", 2,
                        "error", null, "{\"gen_ai.input.messages\": \"kept: no content column was filled\"}",
                        SEARCH, null);
                insert(ps, TRACE, "legacy-1", "b7ad6b7169203331", "legacy", "internal", "search", 3, "ok", null,
                        "{}", SEARCH, null);
            }

            new Migrations(pool.dataSource()).apply();

            assertThat(older.count("SELECT count(*) FROM span_resources WHERE project_id = 'shop'")).isEqualTo(2);
            TraceTree tree = new TraceRepository(pool, null).trace("shop", TRACE).orElseThrow();
            assertThat(tree.traceId()).isEqualTo(TRACE);
            assertThat(tree.summary().spanCount()).isEqualTo(4);
            SpanNode root = tree.roots().getFirst();
            assertThat(root.span().spanId()).isEqualTo("b7ad6b7169203331");
            assertThat(root.span().kind()).isEqualTo(SpanKind.SERVER);
            assertThat(root.span().resourceAttributes()).contains("\"host.name\": \"a\"");
            assertThat(root.span().attributes()).isEqualTo("{\"step\": 1}");

            List<Span> children = root.children().stream().map(SpanNode::span).toList();
            assertThat(children).extracting(Span::spanId).containsExactly("00f067aa0ba902b7", "53995c3f42cd8ad8",
                    HexFormat.of().formatHex("legacy-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Span chat = children.get(0);
            assertThat(chat.statusCode()).isEqualTo(StatusCode.OK);
            assertThat(chat.parentSpanId()).isEqualTo("b7ad6b7169203331");
            assertThat(chat.inputContent()).isEqualTo(PROMPT);
            assertThat(chat.attributes()).as("the prompt is stored once, in input_content")
                    .doesNotContain("gen_ai.input.messages").contains("gen_ai.request.temperature");
            Span search = children.get(1);
            assertThat(search.statusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(search.resourceAttributes()).isEqualTo(SEARCH);
            assertThat(search.attributes()).contains("kept: no content column was filled");
        }
    }

    private static void insert(PreparedStatement ps, String trace, String span, String parent, String name, String kind,
            String service, int second, String status, String model, String attributes, String resource,
            String input) throws Exception {
        OffsetDateTime start = OffsetDateTime.ofInstant(T0.plusSeconds(second), ZoneOffset.UTC);
        ps.setString(1, trace);
        ps.setString(2, span);
        ps.setString(3, parent);
        ps.setString(4, name);
        ps.setString(5, kind);
        ps.setString(6, service);
        ps.setObject(7, start);
        ps.setObject(8, start.plusNanos(100_000_000));
        ps.setString(9, status);
        ps.setString(10, model);
        ps.setString(11, attributes);
        ps.setString(12, resource);
        ps.setString(13, input);
        ps.executeUpdate();
    }
}

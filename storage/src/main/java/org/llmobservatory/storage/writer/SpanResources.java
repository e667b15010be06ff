package org.llmobservatory.storage.writer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.llmobservatory.storage.model.Span;

/**
 * The resources of spans (service, SDK, host: the same for every span one process sends), stored once per project in
 * {@code span_resources}; each span row keeps only its resource's {@code resource_id}, a 64-bit digest of the JSON
 * text (the first 8 bytes of its MD5, as the SQL function {@code span_resource_id} of the V8 migration computes it).
 * Written in each batch's transaction, so a span never commits without its resource.
 */
final class SpanResources {

    private static final String INSERT = "INSERT INTO span_resources (project_id, resource_id, attributes)"
            + " VALUES (?, ?, ?::jsonb) ON CONFLICT DO NOTHING";

    /** A process sends few resources: their ids are remembered rather than digested for every span. */
    private static final int REMEMBERED = 4096;
    private static final Map<String, Long> IDS = new ConcurrentHashMap<>();

    private SpanResources() {
    }

    /** The {@code resource_id} of a span with resource attributes {@code json}. */
    static long id(String json) {
        Long known = IDS.get(json);
        if (known != null) {
            return known;
        }
        long id = digest(json);
        if (IDS.size() >= REMEMBERED) {
            IDS.clear();
        }
        IDS.put(json, id);
        return id;
    }

    /**
     * Stores the resources of {@code spans} that their projects do not have yet. In key order: two batches that
     * bring the same two new resources wait for each other at most once, never in a circle.
     */
    static void write(Connection c, List<Span> spans) throws SQLException {
        if (spans.isEmpty()) {
            return;
        }
        Map<Key, String> distinct = new TreeMap<>();
        for (Span span : spans) {
            distinct.putIfAbsent(new Key(span.projectId(), id(span.resourceAttributes())), span.resourceAttributes());
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Map.Entry<Key, String> resource : distinct.entrySet()) {
                ps.setString(1, resource.getKey().projectId());
                ps.setLong(2, resource.getKey().resourceId());
                ps.setString(3, resource.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private record Key(String projectId, long resourceId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byProject = projectId.compareTo(o.projectId);
            return byProject != 0 ? byProject : Long.compare(resourceId, o.resourceId);
        }
    }

    private static long digest(String json) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(json.getBytes(StandardCharsets.UTF_8));
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (md5[i] & 0xff);
            }
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}

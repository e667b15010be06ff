package org.llmobservatory.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * The API's JSON: instants as ISO-8601 text, durations as ISO-8601 ({@code PT1M}), amounts as plain
 * decimals. The canonical form sorts every property so that equal queries give equal cache keys.
 */
final class Json {

    static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper mapper;

    private Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper answers are written with. */
    static Json responses() {
        return new Json(base().build());
    }

    /** A stable text form of a value, property order and map order fixed, for cache keys. */
    static Json canonical() {
        return new Json(base()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build());
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Answers 200 with {@code value} as JSON. */
    void respond(Context ctx, Object value) {
        ctx.status(200).contentType(CONTENT_TYPE).result(write(value));
    }
}

package org.llmobservatory.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.io.IOException;
import java.util.List;
import org.llmobservatory.storage.columns.TableColumn;
import org.llmobservatory.storage.columns.TableDescriptors;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;

/**
 * A stored item as the API shows it: the columns its table's descriptor shows, in the table's order, each under the
 * model's name of it; absent values left out, kind and status in lower case, JSON columns embedded as JSON rather
 * than as quoted text, and everything else written as the mapper writes it (instants as ISO-8601 text).
 */
@JsonSerialize(using = RowJson.Serializer.class)
record RowJson<T>(List<? extends TableColumn<T, ?, ?>> columns, T item) {

    /** The span with every stored field. */
    static RowJson<Span> span(Span s) {
        return new RowJson<>(TableDescriptors.SPANS.shown(), s);
    }

    /** The span without its large values (attributes, resource, events, links, status message, prompt, completion). */
    static RowJson<Span> spanOutline(Span s) {
        return new RowJson<>(TableDescriptors.SPANS.outline(), s);
    }

    static RowJson<LogRecord> log(LogRecord r) {
        return new RowJson<>(TableDescriptors.LOGS.shown(), r);
    }

    /** Writes the fields; as an object of its own, or, unwrapped, into the object that holds it. */
    static final class Serializer extends StdSerializer<RowJson<?>> {

        private final NameTransformer unwrapped;

        Serializer() {
            this(null);
        }

        private Serializer(NameTransformer unwrapped) {
            super(RowJson.class, false);
            this.unwrapped = unwrapped;
        }

        @Override
        public void serialize(RowJson<?> row, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (unwrapped == null) {
                gen.writeStartObject(row);
            }
            fields(row, gen, provider);
            if (unwrapped == null) {
                gen.writeEndObject();
            }
        }

        private <T> void fields(RowJson<T> row, JsonGenerator gen, SerializerProvider provider) throws IOException {
            for (TableColumn<T, ?, ?> column : row.columns()) {
                Object value = column.shown(row.item());
                if (value == null) {
                    continue;
                }
                gen.writeFieldName(unwrapped == null ? column.field() : unwrapped.transform(column.field()));
                if (column.value().embedded()) {
                    gen.writeRawValue((String) value);
                } else {
                    provider.defaultSerializeValue(value, gen);
                }
            }
        }

        @Override
        public boolean isUnwrappingSerializer() {
            return unwrapped != null;
        }

        @Override
        public JsonSerializer<RowJson<?>> unwrappingSerializer(NameTransformer transformer) {
            return new Serializer(transformer);
        }
    }
}

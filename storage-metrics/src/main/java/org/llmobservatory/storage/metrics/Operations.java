package org.llmobservatory.storage.metrics;

import java.util.List;
import java.util.Locale;
import org.llmobservatory.storage.config.WriteMethod;

/** The bounded values of the {@code operation} label: how a batch was written, or a query. */
final class Operations {

    static final String QUERY = "query";
    static final List<WriteMethod> WRITE_METHODS = List.of(WriteMethod.COPY, WriteMethod.INSERT);
    static final List<String> ALL = List.of("copy", "insert", QUERY);

    private Operations() {
    }

    static String of(WriteMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }
}

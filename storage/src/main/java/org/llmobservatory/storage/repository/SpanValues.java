package org.llmobservatory.storage.repository;

import java.util.List;

/**
 * The values the trace filters can take in a window, each list sorted and at most {@link #MAX_VALUES}
 * long. Services, providers, models and operations are those of the LLM calls in the hours the window touches (read
 * from the usage rollups); services also include every service that has sent spans to the project. Users are those
 * with spans in the window's last 24 hours (the whole window when it is shorter).
 */
public record SpanValues(List<String> services, List<String> providers, List<String> models,
        List<String> operations, List<String> users) {

    /** The most values of one filter that are read; the first in order are kept. */
    public static final int MAX_VALUES = 500;

    public SpanValues {
        services = List.copyOf(services);
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        operations = List.copyOf(operations);
        users = List.copyOf(users);
    }
}

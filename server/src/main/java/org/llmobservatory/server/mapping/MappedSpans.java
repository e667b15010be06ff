package org.llmobservatory.server.mapping;

import java.util.List;
import org.llmobservatory.storage.model.Span;

/** The spans of one export request that can be stored, and those that cannot. */
public record MappedSpans(List<Span> spans, List<ItemRejection> rejected) implements MappedItems<Span> {

    public MappedSpans {
        spans = List.copyOf(spans);
        rejected = List.copyOf(rejected);
    }

    @Override
    public List<Span> items() {
        return spans;
    }

    @Override
    public String errorMessage() {
        return ItemRejection.summary(rejected, "span");
    }
}

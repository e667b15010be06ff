package org.llmobservatory.storage.repository;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a newest-first listing. Pass {@code nextCursor} back in the next query to continue
 * where this page ended; it is empty on the last page.
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /**
     * The page of {@code rows} fetched with one row more than {@code limit}: that extra row only tells
     * whether another page follows, whose cursor is the position of the last row kept.
     */
    static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
    }
}

package org.llmobservatory.server.api;

import java.util.List;
import java.util.function.Function;
import org.llmobservatory.storage.repository.Page;

/** One page of a listing: its items and the cursor of the next page, null on the last one. */
record PageJson<T>(List<T> items, String nextCursor) {

    static <S, T> PageJson<T> of(Page<S> page, Function<S, T> view) {
        return new PageJson<>(page.items().stream().map(view).toList(), page.nextCursor().orElse(null));
    }
}

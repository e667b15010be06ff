package org.llmobservatory.server.mapping;

import java.util.List;
import org.llmobservatory.server.values.Text;

/** What a mapper made of one export request: the items to store, and those it rejected with their reasons. */
public interface MappedItems<T> {

    /** The items that can be stored, in request order. */
    List<T> items();

    List<ItemRejection> rejected();

    /** Text for the partial-success {@code error_message}; empty when nothing was rejected. */
    String errorMessage();
}

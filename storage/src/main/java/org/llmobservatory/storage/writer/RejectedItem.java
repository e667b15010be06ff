package org.llmobservatory.storage.writer;

import org.llmobservatory.storage.error.ErrorType;

/**
 * An item the database would not store, with the reason it gave.
 *
 * @param index    position of the item in the list given to {@code writeAll}
 * @param sqlState PostgreSQL's SQLState, e.g. 22021 for a NUL byte in text
 */
public record RejectedItem(int index, ErrorType errorType, String sqlState, String message) {
}

package org.llmobservatory.storage.writer;

/** An item waiting in a writer's buffer, with the ticket it answers to and its place in the caller's list. */
record Pending<T>(T item, Ticket ticket, int index, long enqueuedNanos, long sequence) {
}

package org.llmobservatory.server.ingest;

import java.util.List;

/** What a mapper made of one request: the items to store, how many it rejected, and why. */
record Mapped<T>(List<T> items, int rejected, String rejectionMessage) {
}

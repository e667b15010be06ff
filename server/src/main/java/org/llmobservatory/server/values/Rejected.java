package org.llmobservatory.server.values;

/** Thrown while mapping one item that cannot be stored; the mapper records it and goes on. */
public final class Rejected extends RuntimeException {

    public Rejected(String reason) {
        super(reason, null, false, false);
    }
}

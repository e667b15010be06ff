package org.llmobservatory.server.genai;

/** Thrown while mapping one item that cannot be stored; the mapper records it and goes on. */
final class Rejected extends RuntimeException {

    Rejected(String reason) {
        super(reason, null, false, false);
    }
}

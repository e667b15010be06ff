package org.llmobservatory.server.mapping;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One span, log record or metric data point that was not stored, and why.
 *
 * @param item where it was in the request, such as {@code resourceSpans[0].scopeSpans[1].spans[3]}
 * @param id     what identifies it when readable, such as {@code span 00f067aa0ba902b7} or
 *               {@code metric gen_ai.client.token.usage}; null when nothing is
 * @param reason what was wrong, written for the sender
 */
public record ItemRejection(String item, String id, String reason) {

    private static final int LISTED = 5;

    @Override
    public String toString() {
        return item + (id == null ? "" : " (" + id + ")") + ": " + reason;
    }

    /** One line for an OTLP partial-success {@code error_message}: the count and the first few reasons. */
    static String summary(List<ItemRejection> rejected, String noun) {
        if (rejected.isEmpty()) {
            return "";
        }
        String listed = rejected.stream().limit(LISTED).map(ItemRejection::toString).collect(Collectors.joining("; "));
        String more = rejected.size() > LISTED ? "; and " + (rejected.size() - LISTED) + " more" : "";
        return rejected.size() + " " + noun + (rejected.size() == 1 ? "" : "s") + " rejected: " + listed + more;
    }
}

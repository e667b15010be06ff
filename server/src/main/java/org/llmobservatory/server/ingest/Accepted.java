package org.llmobservatory.server.ingest;

import com.google.protobuf.Message;

/** An export request whose valid items are committed: the OTLP response to send, and the counts. */
public record Accepted(Message response, int accepted, int rejected) {
}

package org.llmobservatory.server.ingest;

import java.util.Locale;

/** How an export request arrived; the {@code protocol} label of the ingest metrics. */
public enum Protocol {
    HTTP_PROTOBUF, HTTP_JSON, GRPC;

    /** Whether bodies arrive as OTLP/JSON rather than protobuf. */
    boolean json() {
        return this == HTTP_JSON;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.llmobservatory.server.api;

/** How much of each span a trace's tree shows: everything, or the outline a waterfall needs. */
enum TraceView {
    FULL,
    /** Without attributes, resource, events, links, status message, prompt and completion. */
    OUTLINE;

    static final String PARAMETER = "view";

    static TraceView parse(String text) {
        for (TraceView view : values()) {
            if (view.name().equalsIgnoreCase(text.strip())) {
                return view;
            }
        }
        throw new IllegalArgumentException("unknown " + PARAMETER + " '" + text + "'; expected one of: full, outline");
    }
}

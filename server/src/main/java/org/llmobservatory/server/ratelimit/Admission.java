package org.llmobservatory.server.ratelimit;

/** The answer to one request: let it in, or refuse it and say how many seconds to wait. */
public record Admission(boolean allowed, int retryAfterSeconds) {

    static final Admission ALLOWED = new Admission(true, 0);

    /** A refusal; the wait is rounded up to whole seconds, at least one, as Retry-After needs. */
    static Admission refused(long waitMillis) {
        return new Admission(false, (int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitMillis + 999) / 1000)));
    }
}

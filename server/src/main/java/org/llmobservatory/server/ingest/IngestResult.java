package org.llmobservatory.server.ingest;

import com.google.protobuf.Message;

/**
 * How one export request ended, whatever its transport: OTLP/HTTP and OTLP/gRPC each translate it into their own
 * status and nothing else. Each result knows the outcome and the item counts it is counted under.
 */
public sealed interface IngestResult {

    /** The outcome label of {@code ingest_requests_total}. */
    IngestOutcome outcome();

    /** Items committed. */
    default int accepted() {
        return 0;
    }

    /** Items rejected as invalid, by the mapper or by the database. */
    default int rejected() {
        return 0;
    }

    /** Items decoded but turned away unstored, to be sent again. */
    default int refused() {
        return 0;
    }

    /** Every valid item is committed; {@code response} is the OTLP answer (with its partial success, if any). */
    record Stored(Message response, int accepted, int rejected) implements IngestResult {
        @Override
        public IngestOutcome outcome() {
            return rejected == 0 ? IngestOutcome.ACCEPTED : IngestOutcome.PARTIAL;
        }
    }

    /** No valid API key was presented. */
    record Unauthenticated() implements IngestResult {
        @Override
        public IngestOutcome outcome() {
            return IngestOutcome.REJECTED;
        }
    }

    /** The key's principal is over its rate limit. */
    record Throttled(int retryAfterSeconds) implements IngestResult {
        @Override
        public IngestOutcome outcome() {
            return IngestOutcome.REFUSED;
        }

        public String message() {
            return "rate limit exceeded for this API key; retry in " + retryAfterSeconds + " s";
        }
    }

    /** The request itself cannot be stored, ever: sending it again would not help. */
    record Invalid(Problem problem, String message) implements IngestResult {
        @Override
        public IngestOutcome outcome() {
            return IngestOutcome.REJECTED;
        }
    }

    /** What is wrong with an {@link Invalid} request. */
    enum Problem {
        /** The body is not a readable export request of its signal. */
        MALFORMED,
        /** The body is larger than the limit after decompression. */
        TOO_LARGE,
        /** The body is in an encoding or media type the receiver does not read. */
        UNSUPPORTED_MEDIA_TYPE
    }

    /**
     * Nothing was stored now, and the client should send the request again after {@code retryAfterSeconds}:
     * the database is known to refuse writes or the buffer is full ({@link IngestOutcome#REFUSED}, answered at
     * once), or storage failed or did not confirm in time ({@link IngestOutcome#ERROR}).
     */
    record Unavailable(IngestOutcome outcome, String message, int retryAfterSeconds, int refused, int rejected)
            implements IngestResult {

        /** Refused before anything was decoded. */
        static Unavailable refusedUnread(String message, int retryAfterSeconds) {
            return new Unavailable(IngestOutcome.REFUSED, message, retryAfterSeconds, 0, 0);
        }
    }
}

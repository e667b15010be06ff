package org.llmobservatory.server.ratelimit;

/**
 * How fast one principal may send requests: {@code perSecond} tokens refill a bucket holding at most
 * {@code burst}; a rate of 0 turns limiting off.
 *
 * @param perSecond requests per second allowed on average ({@code OBSERVATORY_RATE_LIMIT}, 0 = off)
 * @param burst     requests allowed at once after a quiet spell ({@code OBSERVATORY_RATE_BURST})
 */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be a number of requests per second, 0 or more (0"
                    + " turns limiting off), got: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("the burst must be at least 1, got: " + burst);
        }
    }

    /** The burst a rate gets when none is set: one second's worth, rounded up. */
    public static int defaultBurst(double perSecond) {
        return Math.max(1, (int) Math.ceil(perSecond));
    }

    /** No limit at all. */
    public static RateLimit off() {
        return new RateLimit(0, 1);
    }

    public boolean enabled() {
        return perSecond > 0;
    }
}

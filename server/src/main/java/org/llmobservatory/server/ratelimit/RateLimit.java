package org.llmobservatory.server.ratelimit;

import java.util.Map;

/**
 * How fast one principal may send requests: {@code perSecond} tokens refill a bucket holding at most
 * {@code burst}; a rate of 0 turns limiting off.
 *
 * @param perSecond requests per second allowed on average ({@code OBSERVATORY_RATE_LIMIT}, 0 = off)
 * @param burst     requests allowed at once after a quiet spell ({@code OBSERVATORY_RATE_BURST})
 */
public record RateLimit(double perSecond, int burst) {

    public static final String RATE = "OBSERVATORY_RATE_LIMIT";
    public static final String BURST = "OBSERVATORY_RATE_BURST";

    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(RATE + " must be a number of requests per second, 0 or more (0 turns"
                    + " limiting off), got: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(BURST + " must be at least 1, got: " + burst);
        }
    }

    /** No limit at all. */
    public static RateLimit off() {
        return new RateLimit(0, 1);
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /** Reads the two variables; the burst defaults to the rate rounded up (one second's worth). */
    public static RateLimit fromEnvironment(Map<String, String> env) {
        String rate = env.get(RATE);
        String burst = env.get(BURST);
        double perSecond = rate == null || rate.isBlank() ? 0 : number(RATE, rate);
        int defaultBurst = Math.max(1, (int) Math.ceil(perSecond));
        if (burst == null || burst.isBlank()) {
            return new RateLimit(perSecond, defaultBurst);
        }
        double b = number(BURST, burst);
        if (b != Math.rint(b)) {
            throw new IllegalArgumentException(BURST + " must be a whole number of requests, got: " + burst);
        }
        return new RateLimit(perSecond, (int) Math.min(b, Integer.MAX_VALUE));
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got: " + value);
        }
    }
}

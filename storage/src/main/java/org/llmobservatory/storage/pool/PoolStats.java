package org.llmobservatory.storage.pool;

/** A snapshot of the connection pool. */
public record PoolStats(int active, int idle, int pending, int max) {

    /** Share of the maximum in use, 0.0 to 1.0. */
    public double utilisation() {
        return max == 0 ? 0.0 : (double) active / max;
    }

    /** True at or above 85% use: new work will soon wait for a connection. */
    public boolean nearCapacity() {
        return utilisation() >= 0.85;
    }
}

package org.llmobservatory.storage.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes; tests never sleep a fixed time. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(pauseMs * 1_000_000);
            pauseMs = Math.min(pauseMs * 2, 100);
        }
    }
}

package org.llmobservatory.storage.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs named checks at the same time, each on its own virtual thread and under its own deadline, so the
 * slowest check bounds a probe and a hung one is reported down instead of hanging it.
 */
final class ConcurrentChecks {

    /** What a check that threw or ran out of time reports instead of its result. */
    @FunctionalInterface
    interface Failure<T> {
        T of(String reason, long latencyMs);
    }

    private ConcurrentChecks() {
    }

    /** Results in the order of {@code checks}; returns within about {@code timeout}. */
    static <T> Map<String, T> run(Map<String, Callable<T>> checks, Duration timeout, Failure<T> failure) {
        long started = System.nanoTime();
        Map<String, FutureTask<T>> tasks = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            FutureTask<T> task = new FutureTask<>(check);
            Thread.ofVirtual().name("health-check-" + name).start(task);
            tasks.put(name, task);
        });
        Map<String, T> results = new LinkedHashMap<>();
        tasks.forEach((name, task) -> results.put(name, await(task, started, timeout, failure)));
        return results;
    }

    private static <T> T await(FutureTask<T> task, long started, Duration timeout, Failure<T> failure) {
        try {
            return task.get(Math.max(0, started + timeout.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Interrupting a virtual thread blocked on a socket closes that socket, so the stuck
            // connection is released rather than left waiting on the database.
            task.cancel(true);
            return failure.of("no answer within " + timeout.toMillis() + " ms", millisSince(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return failure.of(cause.getClass().getSimpleName() + ": " + cause.getMessage(), millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return failure.of("interrupted", millisSince(started));
        }
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

package org.llmobservatory.storage.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.llmobservatory.storage.replica.FallbackReason;
import org.llmobservatory.storage.replica.ReadObserver;
import org.llmobservatory.storage.replica.ReadTarget;
import org.llmobservatory.storage.replica.ReplicaStatus;

/**
 * Where the query reads go: reads by target and switches to the primary by reason (both at zero from the start),
 * and the read replica's replay lag and whether it answers, read from its last probe at each scrape (NaN while no
 * replica is configured).
 */
final class ReadMeters implements ReadObserver {

    private final Map<ReadTarget, Counter> reads = new EnumMap<>(ReadTarget.class);
    private final Map<FallbackReason, Counter> fallbacks = new EnumMap<>(FallbackReason.class);
    private volatile Supplier<ReplicaStatus> replica;

    ReadMeters(MeterRegistry registry) {
        for (ReadTarget target : ReadTarget.values()) {
            reads.put(target, Counter.builder("storage.reads")
                    .description("Query reads by the server they went to: the read replica, or the primary (no"
                            + " replica configured, or it is down or lagging)")
                    .tag("target", target.label())
                    .register(registry));
        }
        // Registered whether or not a replica is configured, so every service exposes the same families; NaN (no
        // value, which no alert compares true) until one is. The registry holds this object through the functions.
        Gauge.builder("storage.read.replica.lag", this, m -> m.replica(ReplicaStatus::lagSeconds))
                .strongReference(true)
                .baseUnit("seconds")
                .description("The read replica's replay lag at its last probe (every second): 0 once it has"
                        + " replayed all it received, and for a read URL that is not a standby; NaN without a replica")
                .register(registry);
        Gauge.builder("storage.read.replica.up", this, m -> m.replica(s -> s.reachable() ? 1 : 0))
                .strongReference(true)
                .description("1 when the read replica answered its last probe, else 0; NaN without a replica")
                .register(registry);
        for (FallbackReason reason : FallbackReason.values()) {
            fallbacks.put(reason, Counter.builder("storage.read.fallbacks")
                    .description("Times the query reads left the read replica for the primary, by why: unreachable"
                            + " or lagging past OBSERVATORY_DATABASE_READ_MAX_LAG_MS")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    @Override
    public void read(ReadTarget target) {
        reads.get(target).increment();
    }

    @Override
    public void fellBack(FallbackReason reason) {
        fallbacks.get(reason).increment();
    }

    @Override
    public void replicaWatched(Supplier<ReplicaStatus> status) {
        replica = status;
    }

    private double replica(ToDoubleFunction<ReplicaStatus> value) {
        Supplier<ReplicaStatus> watched = replica;
        return watched == null ? Double.NaN : value.applyAsDouble(watched.get());
    }
}

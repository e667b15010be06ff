package org.llmobservatory.storage.cost;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable snapshot of the price table, arranged for lookups. The matching rules (exact name before
 * pattern, longest pattern first, the latest {@code effective_from} among rows in force) live here.
 */
final class PriceIndex {

    private static final Logger log = LoggerFactory.getLogger(PriceIndex.class);
    static final PriceIndex EMPTY = new PriceIndex(List.of());

    // Model names come from telemetry, so their variety is unbounded: stop remembering new ones here.
    private static final int CACHE_LIMIT = 10_000;

    private record Entry(ModelPrice price, String provider, Pattern pattern) {
    }

    private static final Comparator<Entry> LATEST_FIRST = Comparator
            .comparing((Entry e) -> e.price().effectiveFrom()).reversed()
            .thenComparing(Entry::provider)
            .thenComparing(e -> e.price().model());

    private static final Comparator<Entry> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Entry e) -> e.pattern().pattern().length()).reversed()
            .thenComparing(LATEST_FIRST);

    private final Map<String, List<Entry>> exact = new HashMap<>();
    private final List<Entry> patterned = new ArrayList<>();
    private final Set<String> providers = new HashSet<>();
    private final Map<String, List<Entry>> candidates = new ConcurrentHashMap<>();

    PriceIndex(List<ModelPrice> prices) {
        for (ModelPrice p : List.copyOf(prices)) {
            String provider = Objects.requireNonNullElse(ModelNames.provider(p.provider()), "");
            providers.add(provider);
            exact.computeIfAbsent(ModelNames.model(p.model()), k -> new ArrayList<>())
                    .add(new Entry(p, provider, null));
            Pattern pattern = compile(p);
            if (pattern != null) {
                patterned.add(new Entry(p, provider, pattern));
            }
        }
        exact.values().forEach(list -> list.sort(LATEST_FIRST));
        patterned.sort(MOST_SPECIFIC_FIRST);
    }

    /** The price of {@code model} on {@code day}; {@code provider} may be null (any provider). */
    Optional<ModelPrice> find(String provider, String model, LocalDate day) {
        String m = ModelNames.model(model);
        if (m == null || day == null) {
            return Optional.empty();
        }
        String p = ModelNames.provider(provider);
        if (p == null) {
            String prefix = ModelNames.prefix(m);
            p = prefix != null && providers.contains(prefix) ? prefix : null;
        }
        for (Entry e : candidates(p, m)) {
            if (e.price().inForceOn(day)) {
                return Optional.of(e.price());
            }
        }
        return Optional.empty();
    }

    /** Every row that names the model, best first, whatever the day. */
    private List<Entry> candidates(String provider, String model) {
        // A blank provider never reaches here (it becomes null), so "" can stand for "any provider".
        String key = (provider == null ? "" : provider) + '\n' + model;
        List<Entry> known = candidates.get(key);
        if (known != null) {
            return known;
        }
        List<String> names = ModelNames.lookupNames(model);
        List<Entry> found = new ArrayList<>();
        for (String name : names) {
            for (Entry e : exact.getOrDefault(name, List.of())) {
                if (provider == null || provider.equals(e.provider())) {
                    found.add(e);
                }
            }
        }
        for (Entry e : patterned) {
            if ((provider == null || provider.equals(e.provider()))
                    && names.stream().anyMatch(n -> e.pattern().matcher(n).matches())) {
                found.add(e);
            }
        }
        List<Entry> result = List.copyOf(found);
        if (candidates.size() < CACHE_LIMIT) {
            candidates.put(key, result);
        }
        return result;
    }

    private static Pattern compile(ModelPrice p) {
        if (p.matchPattern() == null) {
            return null;
        }
        try {
            return Pattern.compile(p.matchPattern(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            // One operator typo must not take every other price away: the row still matches exactly.
            log.warn("model_prices row {}/{} from {}: match_pattern is not a valid regular expression ({}); "
                    + "matching its model name exactly only", p.provider(), p.model(), p.effectiveFrom(),
                    e.getDescription());
            return null;
        }
    }
}

package org.llmobservatory.storage.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of {@code model_prices}: what a million input, output and cached-input tokens of a model cost
 * from {@code effectiveFrom} (inclusive) until {@code effectiveTo} (exclusive, or open when null).
 *
 * @param matchPattern a Java regular expression for other names of the model (dated snapshots), or null
 * @param cachedInputPerMillion the price of cache reads, or null when cached tokens cost the input price
 * @param source where the price was read, or null for a price an operator entered without one
 */
public record ModelPrice(
        String provider,
        String model,
        String matchPattern,
        BigDecimal inputPerMillion,
        BigDecimal outputPerMillion,
        BigDecimal cachedInputPerMillion,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String source) {

    /** The {@code effective_from} of a price that applies since always (the column's default). */
    public static final LocalDate SINCE_ALWAYS = LocalDate.of(2000, 1, 1);

    public ModelPrice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        matchPattern = matchPattern == null || matchPattern.isBlank() ? null : matchPattern;
        effectiveFrom = effectiveFrom == null ? SINCE_ALWAYS : effectiveFrom;
    }

    /** True when this price applies on {@code day}: {@code effectiveFrom <= day < effectiveTo}. */
    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }
}

package org.llmobservatory.server.genai;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.llmobservatory.storage.cost.CostCalculator;

/**
 * What a model call costs when its sender did not say: asked while the span is mapped, so a priced span is
 * built once. A cost the sender gave is always kept as sent.
 */
@FunctionalInterface
public interface CallPricing {

    /** Prices nothing: spans keep the cost their sender gave, or none. */
    CallPricing NONE = (provider, model, tokens, day) -> Optional.empty();

    /** The cost of a call of {@code model} that used {@code tokens}, at the price of {@code day}; empty if unknown. */
    Optional<BigDecimal> cost(String provider, String model, TokenUsage tokens, LocalDate day);

    /** Prices from the price table behind {@code calculator}. */
    static CallPricing of(CostCalculator calculator) {
        return (provider, model, tokens, day) -> calculator.cost(provider, model, tokens.input(), tokens.output(),
                tokens.cacheRead(), tokens.reasoning(), day);
    }
}

package org.llmobservatory.storage.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.llmobservatory.storage.model.Span;

/**
 * The cost in US dollars of one model call, from its token counts and the price in force on its day.
 *
 * <p>Token counts follow the OpenTelemetry GenAI conventions: {@code inputTokens} includes the cached
 * tokens ({@code gen_ai.usage.cache_read.input_tokens} is part of {@code gen_ai.usage.input_tokens}), and
 * {@code outputTokens} includes the reasoning tokens. So each token is billed exactly once:
 *
 * <pre>
 * cost = ((input - cached) * input_price + cached * cached_price + output * output_price) / 1,000,000
 * </pre>
 *
 * where {@code cached_price} is the input price when the row has none, {@code cached} is capped at
 * {@code input}, and reasoning tokens are never added again. Instrumentation that reports other counts
 * (Anthropic's {@code input_tokens} excludes cache reads; Gemini's candidate count excludes thoughts) must
 * be normalised by the ingest mapper before it gets here. The result has scale {@value #SCALE}, the scale
 * of {@code spans.cost_usd}.
 */
public final class CostCalculator {

    /** Decimal places of a cost, as in {@code spans.cost_usd numeric(20, 10)}. */
    public static final int SCALE = 10;

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final PriceCatalog catalog;

    public CostCalculator(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The cost of a call, or empty when the model has no price on {@code day} or no tokens were counted
     * (every count null or zero).
     *
     * @param cacheReadTokens input tokens served from the provider's cache, already counted in {@code inputTokens}
     * @param reasoningTokens output tokens spent on reasoning, already counted in {@code outputTokens}; they
     *     do not change the cost and are accepted so that callers pass what the span holds
     */
    public Optional<BigDecimal> cost(String provider, String model, Long inputTokens, Long outputTokens,
            Long cacheReadTokens, Long reasoningTokens, LocalDate day) {
        long input = count(inputTokens);
        long output = count(outputTokens);
        long cached = count(cacheReadTokens);
        if (input == 0 && output == 0 && cached == 0) {
            return Optional.empty();
        }
        return catalog.find(provider, model, day).map(price -> cost(price, input, output, cached));
    }

    /** The cost of a span, priced on the UTC day it started. */
    public Optional<BigDecimal> cost(Span span) {
        return cost(span.provider(), span.model(), span.inputTokens(), span.outputTokens(),
                span.cacheReadTokens(), span.reasoningTokens(), LocalDate.ofInstant(span.startTime(), ZoneOffset.UTC));
    }

    /** The formula above for one price; {@code cachedTokens} above {@code inputTokens} count as {@code inputTokens}. */
    public static BigDecimal cost(ModelPrice price, long inputTokens, long outputTokens, long cachedTokens) {
        long input = Math.max(inputTokens, 0);
        long cached = Math.min(Math.max(cachedTokens, 0), input);
        BigDecimal cachedPrice = price.cachedInputPerMillion() != null
                ? price.cachedInputPerMillion()
                : price.inputPerMillion();
        BigDecimal perMillion = BigDecimal.valueOf(input - cached).multiply(price.inputPerMillion())
                .add(BigDecimal.valueOf(cached).multiply(cachedPrice))
                .add(BigDecimal.valueOf(Math.max(outputTokens, 0)).multiply(price.outputPerMillion()));
        return perMillion.divide(MILLION, SCALE, RoundingMode.HALF_UP);
    }

    private static long count(Long tokens) {
        return tokens == null ? 0 : Math.max(tokens, 0);
    }
}

package org.llmobservatory.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The models the generated model calls go to, by provider (as {@code gen_ai.provider.name} names it), with
 * their popularity: the cheap models take most calls. Every call is priced at one flat rate, whatever its
 * model: the spans the query figures in docs/BENCHMARKS.md were measured on were priced so, and the OTLP
 * path sends no cost anyway (the service prices calls from its own table).
 */
final class ModelMix {

    /** One model: its provider, its name and its share of the calls in percent. */
    record Model(String provider, String name, int weight) {
    }

    static final List<Model> MODELS = List.of(
            new Model("openai", "gpt-4o-mini", 30), new Model("openai", "gpt-4o", 20),
            new Model("anthropic", "claude-sonnet-4-5", 20), new Model("anthropic", "claude-haiku-4-5", 15),
            new Model("gcp.gemini", "gemini-2.5-pro", 10), new Model("mistral_ai", "mistral-large-latest", 5));
    private static final int WEIGHT_TOTAL = MODELS.stream().mapToInt(Model::weight).sum();
    /** US dollars per million input and output tokens; cache reads are not discounted. */
    private static final double INPUT_PER_MILLION = 2.5;
    private static final double OUTPUT_PER_MILLION = 10.0;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private ModelMix() {
    }

    /** The model names, most popular first. */
    static List<String> names() {
        return MODELS.stream().map(Model::name).toList();
    }

    /** A model drawn by popularity: one draw of {@code random}. */
    static Model pick(SplittableRandom random) {
        int pick = random.nextInt(WEIGHT_TOTAL);
        for (Model m : MODELS) {
            pick -= m.weight();
            if (pick < 0) {
                return m;
            }
        }
        throw new AssertionError("weights add up to " + WEIGHT_TOTAL);
    }

    /** What a call of {@code input} and {@code output} tokens costs at the flat rate, to ten decimal places. */
    static BigDecimal cost(long input, long output) {
        return BigDecimal.valueOf(input * INPUT_PER_MILLION + output * OUTPUT_PER_MILLION)
                .divide(MILLION, 10, RoundingMode.HALF_UP);
    }
}

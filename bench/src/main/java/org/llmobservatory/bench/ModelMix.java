package org.llmobservatory.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.llmobservatory.storage.cost.CostCalculator;
import org.llmobservatory.storage.cost.ModelPrice;
import org.llmobservatory.storage.cost.PriceList;

/**
 * The models the generated model calls go to, by provider (as {@code gen_ai.provider.name} names it), with
 * their popularity: the cheap models take most calls. Each is priced from the price list the storage ships,
 * so a generated call costs what the service would charge for it.
 */
final class ModelMix {

    /** One model: its provider, its name, its share of the calls in percent, and its price. */
    record Model(String provider, String name, int weight, ModelPrice price) {

        /** What a call of this model costs, {@code cached} of its {@code input} tokens read from the cache. */
        BigDecimal cost(long input, long output, long cached) {
            return CostCalculator.cost(price, input, output, cached);
        }
    }

    private static final List<ModelPrice> PRICES = PriceList.shipped();
    static final List<Model> MODELS = List.of(
            model("openai", "gpt-4o-mini", 30), model("openai", "gpt-4o", 20),
            model("anthropic", "claude-sonnet-4-5", 20), model("anthropic", "claude-haiku-4-5", 15),
            model("gcp.gemini", "gemini-2.5-pro", 10), model("mistral_ai", "mistral-large-latest", 5));
    private static final int WEIGHT_TOTAL = MODELS.stream().mapToInt(Model::weight).sum();

    private ModelMix() {
    }

    /** The model names, most popular first. */
    static List<String> names() {
        return MODELS.stream().map(Model::name).toList();
    }

    /** A model drawn by popularity. */
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

    private static Model model(String provider, String name, int weight) {
        ModelPrice price = PRICES.stream().filter(p -> p.model().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " has no price in " + PriceList.RESOURCE));
        return new Model(provider, name, weight, price);
    }
}

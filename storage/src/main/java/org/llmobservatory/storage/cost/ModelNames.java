package org.llmobservatory.storage.cost;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How provider and model names from spans are brought to the form they are matched in. */
final class ModelNames {

    /*
     * OpenTelemetry's gen_ai.provider.name values (and the older gen_ai.system ones) name Google and
     * Mistral differently from the price list; the price list uses one short name per vendor.
     */
    private static final Map<String, String> PROVIDER_ALIASES = Map.ofEntries(
            Map.entry("gcp.gemini", "google"),
            Map.entry("gcp.vertex_ai", "google"),
            Map.entry("gcp.gen_ai", "google"),
            Map.entry("gemini", "google"),
            Map.entry("vertex_ai", "google"),
            Map.entry("mistral_ai", "mistral"),
            Map.entry("mistralai", "mistral"),
            Map.entry("x_ai", "xai"));

    private ModelNames() {
    }

    /** The provider in matching form (trimmed, lower case, aliases resolved), or null when blank. */
    static String provider(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String p = raw.strip().toLowerCase(Locale.ROOT);
        return PROVIDER_ALIASES.getOrDefault(p, p);
    }

    /** The model in matching form (trimmed, lower case), or null when blank. */
    static String model(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The names a model is looked up by, most literal first: the whole name, then the part after its
     * last '/' ({@code openai/gpt-4o} and {@code models/gemini-2.5-pro} are also tried as {@code gpt-4o}
     * and {@code gemini-2.5-pro}).
     */
    static List<String> lookupNames(String model) {
        int slash = model.lastIndexOf('/');
        if (slash < 0 || slash == model.length() - 1) {
            return List.of(model);
        }
        return List.of(model, model.substring(slash + 1));
    }

    /** The part before the first '/' in provider form ({@code openai} for {@code openai/gpt-4o}), or null. */
    static String prefix(String model) {
        int slash = model.indexOf('/');
        return slash <= 0 ? null : provider(model.substring(0, slash));
    }
}

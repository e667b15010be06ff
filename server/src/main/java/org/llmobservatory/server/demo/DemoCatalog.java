package org.llmobservatory.server.demo;

import java.util.List;

/** The applications, providers and models the demo pretends to be. */
final class DemoCatalog {

    record Model(String provider, String name, int ttftMs, int msPerToken) {
    }

    static final List<String> SERVICES = List.of("support-bot", "search-agent", "code-review", "summarizer");

    static final List<Model> MODELS = List.of(
            new Model("openai", "gpt-4o", 350, 12),
            new Model("openai", "gpt-4o-mini", 200, 6),
            new Model("anthropic", "claude-sonnet-4-5", 600, 15),
            new Model("anthropic", "claude-haiku-4-5", 250, 7),
            new Model("gcp.gemini", "gemini-2.5-flash", 300, 5),
            new Model("mistral_ai", "mistral-large-latest", 450, 14));

    static final List<String> TOOLS = List.of("search_orders", "get_weather", "lookup_customer", "run_sql",
            "read_file");

    static final List<String> QUESTIONS = List.of(
            "Where is my order #4411?", "Summarise this pull request.", "What changed in the Q3 report?",
            "Find the cheapest flight to Lisbon.", "Explain this stack trace.");

    private DemoCatalog() {
    }
}

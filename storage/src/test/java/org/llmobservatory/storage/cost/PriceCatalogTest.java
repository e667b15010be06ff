package org.llmobservatory.storage.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class PriceCatalogTest {

    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    private static TestDatabase db;
    private static StoragePool pool;
    private static PriceTable table;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        table = new PriceTable(db);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @BeforeEach
    void emptyTable() {
        table.clear();
    }

    @Test
    void an_exact_name_beats_a_pattern_that_also_matches() {
        table.insert("acme", "rocket-family", "^rocket-.*", "9", "9");
        table.insert("acme", "rocket-1", null, "1", "1");

        PriceCatalog catalog = loaded();

        assertThat(inputPrice(catalog.find("acme", "rocket-1", DAY))).isEqualTo("1");
        assertThat(inputPrice(catalog.find("acme", "rocket-2", DAY))).isEqualTo("9");
    }

    @Test
    void the_longest_matching_pattern_wins_whatever_the_order_of_the_rows() {
        table.insert("acme", "rocket-pro", "^rocket-pro-.*", "2", "2");
        table.insert("acme", "rocket", "^rocket-.*", "1", "1");
        table.insert("acme", "rocket-pro-max", "^rocket-pro-max-.*", "3", "3");

        PriceCatalog catalog = loaded();

        assertThat(inputPrice(catalog.find("acme", "rocket-lite-2026", DAY))).isEqualTo("1");
        assertThat(inputPrice(catalog.find("acme", "rocket-pro-2026", DAY))).isEqualTo("2");
        assertThat(inputPrice(catalog.find("acme", "rocket-pro-max-2026", DAY))).isEqualTo("3");
    }

    @Test
    void effective_dates_pick_the_row_in_force_on_the_day() {
        table.insert("acme", "rocket", null, "4", "8", null, LocalDate.of(2026, 1, 1), null);
        table.insert("acme", "rocket", null, "2", "4", null, LocalDate.of(2026, 5, 1), null);
        table.insert("acme", "comet", null, "1", "1", null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 5, 1));

        PriceCatalog catalog = loaded();

        assertThat(catalog.find("acme", "rocket", LocalDate.of(2025, 12, 31))).isEmpty();
        assertThat(inputPrice(catalog.find("acme", "rocket", LocalDate.of(2026, 1, 1)))).isEqualTo("4");
        assertThat(inputPrice(catalog.find("acme", "rocket", LocalDate.of(2026, 4, 30)))).isEqualTo("4");
        assertThat(inputPrice(catalog.find("acme", "rocket", LocalDate.of(2026, 5, 1)))).isEqualTo("2");
        assertThat(inputPrice(catalog.find("acme", "comet", LocalDate.of(2026, 4, 30)))).isEqualTo("1");
        assertThat(catalog.find("acme", "comet", LocalDate.of(2026, 5, 1))).as("effective_to is exclusive").isEmpty();
    }

    @Test
    void an_edited_price_is_used_after_the_next_refresh() {
        table.insert("acme", "rocket", null, "1", "1");
        PriceCatalog catalog = loaded();

        table.setInputPrice("acme", "rocket", "1.5");
        assertThat(inputPrice(catalog.find("acme", "rocket", DAY))).as("before the refresh").isEqualTo("1");
        catalog.refresh();

        assertThat(inputPrice(catalog.find("acme", "rocket", DAY))).isEqualTo("1.5");
    }

    @Test
    void a_started_catalog_reads_the_table_again_by_itself() {
        table.insert("acme", "rocket", null, "1", "1");
        try (PriceCatalog catalog = new PriceCatalog(pool.dataSource(), Duration.ofMillis(50)).start()) {
            assertThat(inputPrice(catalog.find("acme", "rocket", DAY))).isEqualTo("1");

            table.setInputPrice("acme", "rocket", "3");

            Eventually.await(Duration.ofSeconds(10), "the edited price to be picked up",
                    () -> inputPrice(catalog.find("acme", "rocket", DAY)).equals("3"));
        }
    }

    @Test
    void a_given_provider_narrows_the_match_and_a_prefix_in_the_name_can_stand_for_it() {
        table.insert("acme", "shared", null, "1", "1");
        table.insert("zenith", "shared", null, "2", "2");
        PriceCatalog catalog = loaded();

        assertThat(inputPrice(catalog.find("zenith", "shared", DAY))).isEqualTo("2");
        assertThat(inputPrice(catalog.find(null, "zenith/shared", DAY))).isEqualTo("2");
        assertThat(inputPrice(catalog.find("ACME", "Shared", DAY))).as("case-insensitive").isEqualTo("1");
        assertThat(catalog.find("elsewhere", "shared", DAY)).isEmpty();
    }

    @Test
    void an_unknown_model_has_no_price() {
        new PriceSeeder(pool.dataSource()).seed();
        PriceCatalog catalog = loaded();

        assertThat(catalog.find(null, "no-such-model", DAY)).isEmpty();
        assertThat(catalog.find("openai", "gpt-4o-2099-01-01", DAY)).isEmpty();
        assertThat(catalog.find("anthropic", "gpt-4o", DAY)).as("another provider's model").isEmpty();
        assertThat(catalog.find("openai", null, DAY)).isEmpty();
    }

    @Test
    void names_as_instrumentations_report_them_find_the_shipped_rows() {
        new PriceSeeder(pool.dataSource()).seed();
        PriceCatalog catalog = loaded();

        assertThat(model(catalog.find("openai", "gpt-4o-2024-08-06", DAY))).isEqualTo("gpt-4o");
        assertThat(model(catalog.find("openai", "gpt-4o-2024-05-13", DAY))).isEqualTo("gpt-4o-2024-05-13");
        assertThat(model(catalog.find(null, "openai/gpt-4o-mini", DAY))).isEqualTo("gpt-4o-mini");
        assertThat(model(catalog.find("openai", "gpt-4.1-mini-2025-04-14", DAY))).isEqualTo("gpt-4.1-mini");
        assertThat(model(catalog.find("anthropic", "claude-3-5-sonnet-20241022", DAY)))
                .isEqualTo("claude-3-5-sonnet-latest");
        assertThat(model(catalog.find("anthropic", "claude-opus-4-1-20250805", DAY))).isEqualTo("claude-opus-4-1");
        assertThat(model(catalog.find("anthropic", "claude-opus-4-20250514", DAY))).isEqualTo("claude-opus-4-0");
        assertThat(model(catalog.find("gcp.vertex_ai", "claude-sonnet-4-5@20250929", DAY))).as("Claude on Vertex AI needs rows of its own")
                .isNull();
        assertThat(model(catalog.find("gcp.gemini", "models/gemini-2.5-pro", DAY))).isEqualTo("gemini-2.5-pro");
        assertThat(model(catalog.find("google", "gemini-2.0-flash-001", DAY))).isEqualTo("gemini-2.0-flash");
        assertThat(model(catalog.find("mistral_ai", "mistral-large-2411", DAY))).isEqualTo("mistral-large-2411");
        assertThat(model(catalog.find("groq", "meta-llama/llama-4-scout-17b-16e-instruct", DAY)))
                .isEqualTo("meta-llama/llama-4-scout-17b-16e-instruct");
        assertThat(inputPrice(catalog.find("deepseek", "deepseek-chat", LocalDate.of(2025, 1, 15)))).isEqualTo("0.14");
        assertThat(inputPrice(catalog.find("deepseek", "deepseek-chat", LocalDate.of(2025, 5, 1)))).isEqualTo("0.27");
        assertThat(inputPrice(catalog.find("deepseek", "deepseek-chat", DAY))).isEqualTo("0.28");
    }

    @Test
    void a_broken_pattern_loses_only_its_own_pattern() {
        table.insert("acme", "rocket", "^rocket-([", "1", "1");
        table.insert("acme", "comet", "^comet-.*", "2", "2");

        PriceCatalog catalog = loaded();

        assertThat(inputPrice(catalog.find("acme", "rocket", DAY))).isEqualTo("1");
        assertThat(catalog.find("acme", "rocket-2", DAY)).isEmpty();
        assertThat(inputPrice(catalog.find("acme", "comet-2", DAY))).isEqualTo("2");
    }

    private static PriceCatalog loaded() {
        PriceCatalog catalog = new PriceCatalog(pool.dataSource());
        catalog.refresh();
        return catalog;
    }

    private static String inputPrice(Optional<ModelPrice> price) {
        return price.map(ModelPrice::inputPerMillion).map(BigDecimal::stripTrailingZeros)
                .map(BigDecimal::toPlainString).orElse(null);
    }

    private static String model(Optional<ModelPrice> price) {
        return price.map(ModelPrice::model).orElse(null);
    }
}

package org.llmobservatory.storage.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** Costs from the shipped prices, checked against sums worked out by hand. */
class CostCalculatorTest {

    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    private static StoragePool pool;
    private static PriceCatalog catalog;
    private static CostCalculator calculator;

    @BeforeAll
    static void start() {
        TestDatabase db = TestServers.freshDatabase();
        pool = db.migratedPool();
        new PriceSeeder(pool.dataSource()).seed();
        catalog = new PriceCatalog(pool.dataSource());
        catalog.refresh();
        calculator = new CostCalculator(catalog);
    }

    @AfterAll
    static void stop() {
        catalog.close();
        pool.close();
    }

    @Test
    void cached_tokens_cost_the_cached_price_and_are_not_billed_again_as_input() {
        // claude-sonnet-4-5: $3 input, $0.30 cache read, $15 output per million.
        // 12,345 input of which 6,789 cached; 1,011 output of which 250 reasoning:
        // 5,556 x 3 + 6,789 x 0.30 + 1,011 x 15 = 16,668 + 2,036.7 + 15,165 = 33,869.7 per million.
        assertThat(calculator.cost("anthropic", "claude-sonnet-4-5-20250929", 12_345L, 1_011L, 6_789L, 250L, DAY))
                .contains(new BigDecimal("0.0338697000"));
    }

    @Test
    void reasoning_tokens_are_part_of_the_output_and_not_added_again() {
        // o3: $2 input, $8 output per million. 1,000 input, 5,000 output of which 4,200 reasoning:
        // 1,000 x 2 + 5,000 x 8 = 42,000 per million.
        BigDecimal withReasoning = calculator.cost("openai", "o3", 1_000L, 5_000L, null, 4_200L, DAY).orElseThrow();
        BigDecimal withoutReasoning = calculator.cost("openai", "o3", 1_000L, 5_000L, null, null, DAY).orElseThrow();

        assertThat(withReasoning).isEqualTo(new BigDecimal("0.0420000000")).isEqualTo(withoutReasoning);
    }

    @Test
    void without_a_cached_price_cached_tokens_cost_the_input_price() {
        // gemini-2.0-flash: $0.10 input, $0.40 output, no cache price shipped.
        // 1,000 input (400 of them cached) x 0.10 + 100 x 0.40 = 140 per million.
        assertThat(calculator.cost("gcp.gemini", "gemini-2.0-flash-001", 1_000L, 100L, 400L, null, DAY))
                .contains(new BigDecimal("0.0001400000"));
    }

    @Test
    void anthropic_usage_is_priced_right_once_normalised_to_the_opentelemetry_counts() {
        // Anthropic reports input_tokens=200 (uncached only) and cache_read_input_tokens=1,800 apart.
        // The mapper sends input = 200 + 1,800 = 2,000 with 1,800 cached:
        // 200 x 3 + 1,800 x 0.30 + 300 x 15 = 600 + 540 + 4,500 = 5,640 per million.
        assertThat(calculator.cost("anthropic", "claude-sonnet-4-5", 2_000L, 300L, 1_800L, null, DAY))
                .contains(new BigDecimal("0.0056400000"));
        // Sent raw, cache reads above the input count are capped at it, and the call is under-priced.
        assertThat(calculator.cost("anthropic", "claude-sonnet-4-5", 200L, 300L, 1_800L, null, DAY))
                .contains(new BigDecimal("0.0045600000"));
    }

    @Test
    void an_unknown_model_or_a_call_without_tokens_has_no_cost() {
        assertThat(calculator.cost("openai", "gpt-unknown", 1_000L, 1_000L, null, null, DAY)).isEmpty();
        assertThat(calculator.cost(null, null, 1_000L, 1_000L, null, null, DAY)).isEmpty();
        assertThat(calculator.cost("openai", "gpt-4o", null, null, null, null, DAY)).isEmpty();
        assertThat(calculator.cost("openai", "gpt-4o", 0L, 0L, 0L, null, DAY)).isEmpty();
    }

    @Test
    void a_span_is_priced_on_the_utc_day_it_started() {
        // deepseek-chat cost $0.14 per million input tokens until 2025-02-08 and $0.27 from 2025-02-09.
        Span beforeMidnight = span(Instant.parse("2025-02-08T23:59:59Z"));
        Span afterMidnight = span(Instant.parse("2025-02-09T00:00:00Z"));

        assertThat(calculator.cost(beforeMidnight)).contains(new BigDecimal("0.1400000000"));
        assertThat(calculator.cost(afterMidnight)).contains(new BigDecimal("0.2700000000"));
    }

    @Test
    void costs_are_rounded_half_up_to_ten_decimal_places() {
        ModelPrice price = new ModelPrice("acme", "rocket", null, new BigDecimal("1.23456789"), BigDecimal.ONE,
                null, null, null, "test");
        // 1 x 1.23456789 / 1,000,000 = 0.00000123456789
        assertThat(CostCalculator.cost(price, 1, 0, 0)).isEqualTo(new BigDecimal("0.0000012346"));
    }

    private static Span span(Instant start) {
        return Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").name("chat deepseek-chat").startTime(start)
                .endTime(start.plusSeconds(1)).provider("deepseek").model("deepseek-chat")
                .inputTokens(1_000_000L).outputTokens(0L).build();
    }
}

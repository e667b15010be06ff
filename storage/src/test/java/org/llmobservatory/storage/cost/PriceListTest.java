package org.llmobservatory.storage.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PriceListTest {

    @Test
    void the_shipped_list_parses_fully_and_every_row_names_its_source() throws IOException {
        List<ModelPrice> prices = PriceList.shipped();

        assertThat(prices).hasSize(dataLinesInResource());
        assertThat(prices).allSatisfy(p -> {
            assertThat(p.source()).as("source of %s/%s", p.provider(), p.model()).isNotBlank();
            assertThat(p.inputPerMillion()).isPositive();
            assertThat(p.outputPerMillion()).isPositive();
            if (p.cachedInputPerMillion() != null) {
                assertThat(p.cachedInputPerMillion()).isPositive().isLessThanOrEqualTo(p.inputPerMillion());
            }
            if (p.matchPattern() != null) {
                Pattern.compile(p.matchPattern());
            }
        });
        assertThat(prices.stream().map(ModelPrice::provider).collect(Collectors.toSet()))
                .containsAll(Set.of("openai", "anthropic", "google", "mistral", "deepseek", "cohere", "groq"));
    }

    @Test
    void shipped_rows_are_unique_by_provider_model_and_first_day() {
        List<ModelPrice> prices = PriceList.shipped();
        Set<String> keys = prices.stream().map(p -> p.provider() + "/" + p.model() + "/" + p.effectiveFrom())
                .collect(Collectors.toSet());
        assertThat(keys).hasSameSizeAs(prices);
    }

    @Test
    void a_pattern_of_a_shipped_row_does_not_match_another_shipped_model_name() {
        // Otherwise one model could silently be priced as another whenever its exact row is not in force.
        List<ModelPrice> prices = PriceList.shipped();
        for (ModelPrice withPattern : prices) {
            if (withPattern.matchPattern() == null) {
                continue;
            }
            Pattern pattern = Pattern.compile(withPattern.matchPattern(), Pattern.CASE_INSENSITIVE);
            assertThat(prices.stream().filter(p -> !p.model().equals(withPattern.model()))
                    .filter(p -> pattern.matcher(p.model()).matches()).map(ModelPrice::model))
                    .as("names matched by %s", withPattern.matchPattern()).isEmpty();
        }
    }

    @Test
    void quoted_fields_may_hold_commas_and_quotes_and_an_empty_date_means_since_always() throws IOException {
        String csv = PriceList.HEADER + "\n"
                + "acme,\"rocket, large\",\"^rocket-\\d{2,4}$\",1.5,3,,,\"the \"\"price\"\" page\"\n"
                + "\n"
                + "acme,rocket-small,,0.5,1,0.05,2026-03-01,acme.example/pricing\n";

        List<ModelPrice> prices = PriceList.parse(new StringReader(csv));

        assertThat(prices).containsExactly(
                new ModelPrice("acme", "rocket, large", "^rocket-\\d{2,4}$", new BigDecimal("1.5"), new BigDecimal("3"),
                        null, ModelPrice.SINCE_ALWAYS, null, "the \"price\" page"),
                new ModelPrice("acme", "rocket-small", null, new BigDecimal("0.5"), new BigDecimal("1"),
                        new BigDecimal("0.05"), LocalDate.of(2026, 3, 1), null, "acme.example/pricing"));
    }

    @Test
    void a_malformed_row_is_reported_with_its_line_number() {
        String badPrice = PriceList.HEADER + "\nacme,a,,1,2,,,s\nacme,b,,one,2,,,s\n";
        String badPattern = PriceList.HEADER + "\nacme,a,([,1,2,,,s\n";
        String missingField = PriceList.HEADER + "\nacme,a,,1,2,,\n";

        assertThatThrownBy(() -> PriceList.parse(new StringReader(badPrice))).hasMessageContaining("line 3");
        assertThatThrownBy(() -> PriceList.parse(new StringReader(badPattern))).hasMessageContaining("line 2");
        assertThatThrownBy(() -> PriceList.parse(new StringReader(missingField)))
                .hasMessageContaining("line 2").hasMessageContaining("expected 8 fields");
        assertThatThrownBy(() -> PriceList.parse(new StringReader("model,price\n")))
                .hasMessageContaining("line 1");
    }

    private static int dataLinesInResource() throws IOException {
        try (InputStream in = PriceList.class.getResourceAsStream(PriceList.RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (int) text.lines().skip(1).filter(line -> !line.isBlank()).count();
        }
    }
}

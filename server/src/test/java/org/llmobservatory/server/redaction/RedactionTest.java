package org.llmobservatory.server.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.model.LogRecord;

/** What OBSERVATORY_REDACT and OBSERVATORY_REDACT_PATTERNS remove from content, and what they leave. */
class RedactionTest {

    private static final Redaction ALL = new Environment(Map.of("OBSERVATORY_REDACT", "emails, phones,cards")).security().redaction();

    @Test
    void emails_phones_and_cards_are_replaced_by_their_kind() {
        assertThat(ALL.apply("write to ada.lovelace+ai@example.co.uk today"))
                .isEqualTo("write to [redacted:email] today");
        assertThat(ALL.apply("call +1 415-555-0100 or (020) 7946 0958 or +4915112345678."))
                .isEqualTo("call [redacted:phone] or [redacted:phone] or [redacted:phone].");
        assertThat(ALL.apply("card 4111 1111 1111 1111, 5500-0000-0000-0004 and 378282246310005"))
                .isEqualTo("card [redacted:card], [redacted:card] and [redacted:card]");
    }

    @Test
    void numbers_that_only_look_alike_stay() {
        String text = "order 4111111111111112 at 1700000000000 on 2024-01-15 from 192.168.100.200, v1.22.333,"
                + " 12 tokens, trace 5b8efff798038103d269b633813fc60c";

        assertThat(ALL.apply(text)).isEqualTo(text);
        assertThat(PersonalData.luhn("4111111111111111")).isTrue();
        assertThat(PersonalData.luhn("4111111111111112")).isFalse();
    }

    @Test
    void json_content_stays_valid_json_with_escapes_intact() throws Exception {
        String messages = "[{\"role\":\"user\",\"content\":\"hi\\nbob@example.com, my card is 4111-1111-1111-1111\"}]";

        String redacted = ALL.applyToContent(messages);

        var tree = new ObjectMapper().readTree(redacted);
        assertThat(tree.get(0).get("content").asText()).isEqualTo("hi\n[redacted:email], my card is [redacted:card]");
        assertThat(tree.get(0).get("role").asText()).isEqualTo("user");
        assertThat(ALL.applyToContent("[{\"role\":\"user\",\"content\":\"nothing here\"}]"))
                .isEqualTo("[{\"role\":\"user\",\"content\":\"nothing here\"}]");
    }

    @Test
    void custom_patterns_one_per_line_apply_with_or_without_the_built_in_kinds() {
        Redaction custom = new Environment(Map.of("OBSERVATORY_REDACT_PATTERNS",
                "ACME-\\d{6}\n(?i)secret project \\w+")).security().redaction();

        assertThat(custom.apply("ticket ACME-123456 about Secret Project Falcon, mail a@b.io"))
                .isEqualTo("ticket [redacted:custom] about [redacted:custom], mail a@b.io");
    }

    @Test
    void off_by_default_and_when_off() {
        String text = "a@b.io 4111 1111 1111 1111";
        assertThat(new Environment(Map.of()).security().redaction().enabled()).isFalse();
        assertThat(new Environment(Map.of("OBSERVATORY_REDACT", "off")).security().redaction().apply(text)).isEqualTo(text);
    }

    @Test
    void a_redacted_log_keeps_the_id_of_the_record_as_sent_so_retries_still_collapse() {
        LogRecord log = LogRecord.of("p", Instant.parse("2026-01-01T00:00:00Z"), 9, "INFO", "user a@b.io logged in",
                "svc", null, null, "{}", "{}");

        LogRecord redacted = ALL.apply(log);

        assertThat(redacted.body()).isEqualTo("user [redacted:email] logged in");
        assertThat(redacted.logId()).isEqualTo(log.logId());
    }

    @Test
    void unknown_kinds_and_broken_patterns_are_refused_naming_the_variable() {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_REDACT", "emails,names")).security().redaction())
                .hasMessageContaining("OBSERVATORY_REDACT ").hasMessageContaining("names");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_REDACT_PATTERNS", "([a-z")).security().redaction())
                .hasMessageContaining("OBSERVATORY_REDACT_PATTERNS");
    }
}

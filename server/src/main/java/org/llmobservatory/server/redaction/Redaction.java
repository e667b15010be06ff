package org.llmobservatory.server.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmobservatory.storage.model.LogRecord;

/**
 * Replaces personal data in message content before it is stored: prompts and completions, span events
 * and log bodies. Each match becomes {@code [redacted:<kind>]}; card numbers only when their digits pass
 * the Luhn check, so order numbers and timestamps stay.
 */
public final class Redaction {

    /** The kinds of personal data found by name: e-mail addresses, phone numbers and card numbers. */
    public static final Set<String> KINDS = Set.of("emails", "phones", "cards");

    private record Rule(String kind, Pattern pattern, boolean luhn) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Rule> rules;

    private Redaction(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Stores content as sent. */
    public static Redaction off() {
        return new Redaction(List.of());
    }

    /**
     * Redacts the chosen kinds of personal data, of {@link #KINDS}, and whatever matches one of {@code custom}.
     *
     * @throws IllegalArgumentException for a kind not in {@link #KINDS}
     */
    public static Redaction of(Set<String> kinds, List<Pattern> custom) {
        if (!KINDS.containsAll(kinds)) {
            throw new IllegalArgumentException("kinds must be of " + KINDS + ", got: " + kinds);
        }
        List<Rule> rules = new ArrayList<>();
        // Cards first: a card number with spaces could otherwise be taken for a phone number.
        if (kinds.contains("cards")) {
            rules.add(new Rule("card", PersonalData.CARD, true));
        }
        if (kinds.contains("emails")) {
            rules.add(new Rule("email", PersonalData.EMAIL, false));
        }
        if (kinds.contains("phones")) {
            rules.add(new Rule("phone", PersonalData.PHONE, false));
        }
        custom.forEach(pattern -> rules.add(new Rule("custom", pattern, false)));
        return new Redaction(rules);
    }

    public boolean enabled() {
        return !rules.isEmpty();
    }

    /** The text with every match replaced; null stays null. */
    public String apply(String text) {
        if (text == null || rules.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : rules) {
            result = replace(rule, result);
        }
        return result;
    }

    /**
     * Content that may be JSON: when it parses, every string in it is redacted and the JSON written
     * again (so no replacement can break an escape); otherwise it is redacted as text.
     */
    public String applyToContent(String content) {
        if (content == null || rules.isEmpty()) {
            return content;
        }
        String start = content.stripLeading();
        if (start.startsWith("{") || start.startsWith("[") || start.startsWith("\"")) {
            try {
                JsonNode tree = JSON.readTree(content);
                if (tree != null) {
                    JsonNode redacted = redactStrings(tree);
                    return redacted.equals(tree) ? content : JSON.writeValueAsString(redacted);
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: redact it as text below.
            }
        }
        return apply(content);
    }

    private JsonNode redactStrings(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(redactStrings(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), redactStrings(field.getValue())));
            return copy;
        }
        return node;
    }

    /** The record with its body redacted; its id stays that of the record as sent, so retries still collapse. */
    public LogRecord apply(LogRecord log) {
        if (rules.isEmpty() || log.body() == null) {
            return log;
        }
        return new LogRecord(log.projectId(), log.logId(), log.time(), log.observedTime(), log.severityNumber(),
                log.severityText(), applyToContent(log.body()), log.serviceName(), log.traceId(), log.spanId(),
                log.attributes(), log.resourceAttributes());
    }

    private static String replace(Rule rule, String text) {
        Matcher m = rule.pattern().matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        while (m.find()) {
            if (rule.luhn() && !PersonalData.luhn(m.group())) {
                continue;
            }
            m.appendReplacement(out, Matcher.quoteReplacement("[redacted:" + rule.kind() + "]"));
            changed = true;
        }
        if (!changed) {
            return text;
        }
        m.appendTail(out);
        return out.toString();
    }
}

package org.llmobservatory.server.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.llmobservatory.storage.model.LogRecord;

/**
 * Replaces personal data in message content before it is stored: prompts and completions, span events
 * and log bodies. Each match becomes {@code [redacted:<kind>]}; card numbers only when their digits pass
 * the Luhn check, so order numbers and timestamps stay.
 */
public final class Redaction {

    public static final String KINDS = "OBSERVATORY_REDACT";
    public static final String PATTERNS = "OBSERVATORY_REDACT_PATTERNS";

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
     * Reads {@code OBSERVATORY_REDACT} ({@code off}, or a comma list of {@code emails}, {@code phones},
     * {@code cards}) and {@code OBSERVATORY_REDACT_PATTERNS} (regular expressions, one per line).
     *
     * @throws IllegalArgumentException naming the variable for an unknown kind or a broken pattern
     */
    public static Redaction fromEnvironment(Map<String, String> env) {
        List<Rule> rules = new ArrayList<>();
        String kinds = env.getOrDefault(KINDS, "");
        Set<String> chosen = new LinkedHashSet<>();
        for (String kind : kinds.split(",")) {
            String k = kind.strip().toLowerCase(Locale.ROOT);
            if (!k.isEmpty() && !k.equals("off")) {
                chosen.add(k);
            }
        }
        // Cards first: a card number with spaces could otherwise be taken for a phone number.
        if (chosen.remove("cards")) {
            rules.add(new Rule("card", PersonalData.CARD, true));
        }
        if (chosen.remove("emails")) {
            rules.add(new Rule("email", PersonalData.EMAIL, false));
        }
        if (chosen.remove("phones")) {
            rules.add(new Rule("phone", PersonalData.PHONE, false));
        }
        if (!chosen.isEmpty()) {
            throw new IllegalArgumentException(KINDS + " must be off or a comma list of emails, phones and cards, got: "
                    + kinds);
        }
        for (String line : env.getOrDefault(PATTERNS, "").split("\\R")) {
            if (!line.isBlank()) {
                try {
                    rules.add(new Rule("custom", Pattern.compile(line.strip()), false));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(PATTERNS + " holds a pattern that does not compile: "
                            + e.getDescription() + " in " + line.strip());
                }
            }
        }
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

package org.llmobservatory.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Chat messages in the JSON shape of the OpenTelemetry GenAI conventions ({@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}): a role and a list of typed parts, text, tool calls and tool call responses.
 */
final class GenAiMessages {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private GenAiMessages() {
    }

    static ObjectNode system(String text) {
        return message("system").set("parts", JSON.createArrayNode().add(text(text)));
    }

    static ObjectNode user(String text) {
        return message("user").set("parts", JSON.createArrayNode().add(text(text)));
    }

    static ObjectNode assistant(String text) {
        return message("assistant").set("parts", JSON.createArrayNode().add(text(text)));
    }

    /** The assistant saying what it is about to do, and asking for the tool call {@code id}. */
    static ObjectNode toolRequest(String text, String id, String tool, JsonNode arguments) {
        ObjectNode call = JSON.createObjectNode().put("type", "tool_call").put("id", id).put("name", tool);
        call.set("arguments", arguments);
        return message("assistant").set("parts", JSON.createArrayNode().add(text(text)).add(call));
    }

    /** What the tool call {@code id} returned. */
    static ObjectNode toolResponse(String id, JsonNode response) {
        ObjectNode part = JSON.createObjectNode().put("type", "tool_call_response").put("id", id);
        part.set("response", response);
        return message("tool").set("parts", JSON.createArrayNode().add(part));
    }

    /** The value of {@code gen_ai.input.messages}. */
    static String input(List<ObjectNode> messages) {
        ArrayNode array = JSON.createArrayNode();
        messages.forEach(array::add);
        return write(array);
    }

    /** The value of {@code gen_ai.output.messages}: the one choice the model made, and why it stopped. */
    static String output(ObjectNode message, String finishReason) {
        ObjectNode choice = message.deepCopy().put("finish_reason", finishReason);
        return write(JSON.createArrayNode().add(choice));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** About as many tokens as a tokenizer would make of the messages' text: one per four characters. */
    static long tokens(List<ObjectNode> messages) {
        long chars = 0;
        for (ObjectNode message : messages) {
            chars += write(message.path("parts")).length();
        }
        return Math.max(1, chars / 4);
    }

    private static ObjectNode message(String role) {
        return JSON.createObjectNode().put("role", role);
    }

    private static ObjectNode text(String content) {
        return JSON.createObjectNode().put("type", "text").put("content", content);
    }
}

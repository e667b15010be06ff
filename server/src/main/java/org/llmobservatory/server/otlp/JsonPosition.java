package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Where the decoder is in a request, for its error messages: the signal and the path of the field being
 * read, such as {@code resourceSpans[0].scopeSpans[0].spans[3].startTimeUnixNano}. The parser already
 * tracks the enclosing objects and arrays, so the path costs nothing until a value is refused.
 */
final class JsonPosition {

    private static final int SHOWN_CHARACTERS = 40;
    private static final int SHOWN_PATH_END = 120;

    private final JsonParser parser;
    private final String signalLabel;

    JsonPosition(JsonParser parser, String signalLabel) {
        this.parser = parser;
        this.signalLabel = signalLabel;
    }

    /** The failure to throw for a value refused at the current token. */
    OtlpDecodeException refuse(String problem) {
        String path = path(parser.getParsingContext());
        return new OtlpDecodeException(signalLabel + " payload: " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** The current value as a message shows it: a string quoted, a number as written; either cut short. */
    String shownValue() throws IOException {
        String text = parser.getText();
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return quoted(text);
        }
        return text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "...";
    }

    /** How a message names the JSON type of a token: object, array, string, number, boolean or null. */
    static String kindOf(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    /** A string value as a message shows it: quoted, and cut short when long. */
    static String quoted(String value) {
        return value.length() <= SHOWN_CHARACTERS ? "\"" + value + "\""
                : "\"" + value.substring(0, SHOWN_CHARACTERS) + "...\" (" + value.length() + " characters)";
    }

    // A path through a hundred nested values is cut in the middle: its ends say where it is.
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(context, path);
        if (path.length() > 2 * SHOWN_PATH_END + 3) {
            return path.substring(0, SHOWN_PATH_END) + "..." + path.substring(path.length() - SHOWN_PATH_END);
        }
        return path.toString();
    }

    // An object or array just opened has no name or index yet and adds nothing.
    private static void append(JsonStreamContext context, StringBuilder path) {
        if (context == null) {
            return;
        }
        append(context.getParent(), path);
        if (context.inObject() && context.hasCurrentName()) {
            path.append(path.isEmpty() ? "" : ".").append(context.getCurrentName());
        } else if (context.inArray() && context.hasCurrentIndex()) {
            path.append('[').append(context.getCurrentIndex()).append(']');
        }
    }
}

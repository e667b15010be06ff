package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds which field of an OTLP/JSON tree JsonFormat refused. JsonFormat's own messages ("Not an uint64
 * value") do not say where; this re-parses ever smaller parts of the tree until the culprit is alone.
 * It runs only after a failure, so its cost does not matter.
 */
final class JsonErrorLocator {

    /** Where the problem is (a path such as {@code resourceSpans[0].scopeSpans[0].spans[3].kind}) and what it is. */
    record Located(String path, String problem) {
    }

    private final ObjectMapper mapper;
    private final JsonFormat.Parser parser;

    JsonErrorLocator(ObjectMapper mapper, JsonFormat.Parser parser) {
        this.mapper = mapper;
        this.parser = parser;
    }

    Located locate(ObjectNode root, Descriptor type, String fallbackProblem) {
        return locate(root, type, new ArrayList<>(), fallbackProblem);
    }

    private Located locate(ObjectNode object, Descriptor type, List<Object> path, String problem) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            FieldDescriptor field = field(type, entry.getKey());
            if (field == null) {
                continue;
            }
            ObjectNode alone = mapper.createObjectNode().set(entry.getKey(), entry.getValue());
            String fieldProblem = problemParsing(alone, type);
            if (fieldProblem == null) {
                continue;
            }
            path.add(entry.getKey());
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                Located deeper = locateInMessages(entry.getValue(), field, path);
                if (deeper != null) {
                    return deeper;
                }
            }
            return new Located(IdFields.render(path), fieldProblem);
        }
        return new Located(IdFields.render(path), problem);
    }

    private Located locateInMessages(JsonNode value, FieldDescriptor field, List<Object> path) {
        Descriptor type = field.getMessageType();
        if (value.isObject() && !field.isRepeated()) {
            String problem = problemParsing((ObjectNode) value, type);
            return problem == null ? null : locate((ObjectNode) value, type, path, problem);
        }
        if (value.isArray() && field.isRepeated()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (!element.isObject()) {
                    path.add(i);
                    return new Located(IdFields.render(path), "expected an object, got "
                            + element.getNodeType().name().toLowerCase());
                }
                String problem = problemParsing((ObjectNode) element, type);
                if (problem != null) {
                    path.add(i);
                    return locate((ObjectNode) element, type, path, problem);
                }
            }
        }
        return null;
    }

    private String problemParsing(ObjectNode json, Descriptor type) {
        try {
            parser.merge(mapper.writeValueAsString(json), DynamicMessage.newBuilder(type));
            return null;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return e.getMessage();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor byProtoName = type.findFieldByName(name);
        if (byProtoName != null) {
            return byProtoName;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
    }
}

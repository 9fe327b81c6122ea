package com.polaris.operator.policy;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What a {@link Condition} sees of one action: its input as CEL values. */
final class ConditionVariables {

    private ConditionVariables() {}

    /** The variables of one evaluation. */
    static Map<String, Object> of(ConditionInput input) {
        var conversation = input.conversation();
        var conversationFields = new LinkedHashMap<String, Object>();
        conversationFields.put("id", orNull(conversation == null ? null : conversation.id()));
        conversationFields.put("channel", orNull(conversation == null ? null : conversation.channel()));
        conversationFields.put("excerpt", orNull(conversation == null ? null : conversation.excerpt()));
        var by = input.requestedBy();
        var requestedBy = new LinkedHashMap<String, Object>();
        requestedBy.put("type", by.type());
        requestedBy.put("id", by.id());
        requestedBy.put("name", orNull(by.name()));
        requestedBy.put("role", orNull(by.role()));
        var args = input.args();
        var variables = new HashMap<String, Object>();
        variables.put("args", args == null || args.isNull() ? Map.of() : value(args));
        variables.put("conversation", conversationFields);
        variables.put("requestedBy", requestedBy);
        variables.put("tool", input.tool());
        variables.put("now", input.now());
        return variables;
    }

    /** A part of the input that is not there, as CEL's null: comparing it with a value is false, not an error. */
    private static Object orNull(@Nullable Object value) {
        return value == null ? NullValue.NULL_VALUE : value;
    }

    /**
     * A JSON value as CEL sees it: integers as int (long; larger ones as double), other numbers as
     * double, strings, booleans, null, arrays as lists and objects as maps, at any depth.
     */
    private static Object value(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                for (var entry : node.properties()) {
                    map.put(entry.getKey(), value(entry.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                var list = new ArrayList<Object>(node.size());
                for (JsonNode element : node) {
                    list.add(value(element));
                }
                yield list;
            }
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    yield Long.valueOf(node.longValue());
                }
                yield Double.valueOf(node.doubleValue());
            }
            case STRING -> node.stringValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> NullValue.NULL_VALUE;
            case BINARY, POJO -> node.asString();
        };
    }
}

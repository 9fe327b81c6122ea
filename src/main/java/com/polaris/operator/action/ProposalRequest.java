package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/** The body of {@code POST /api/v1/actions}, checked for shape before any rule is applied. */
record ProposalRequest(
        String tool,
        JsonNode arguments,
        @Nullable JsonNode conversation,
        @Nullable String reason,
        boolean requestReview) {

    private static final Set<String> FIELDS = Set.of("tool", "arguments", "conversation", "reason", "requestReview");
    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "channel", "excerpt");
    private static final int MAX_REASON = 2000;
    private static final int MAX_EXCERPT = 4000;

    static ProposalRequest parse(JsonNode body) {
        List<FieldProblem> errors = RequestBodies.unknownFields(body, FIELDS);
        JsonNode tool = body.get("tool");
        if (tool == null || !tool.isString() || tool.asString().isBlank()) {
            errors.add(new FieldProblem("tool", "is required and must be a tool name"));
        }
        JsonNode arguments = body.get("arguments");
        if (arguments == null || !arguments.isObject()) {
            errors.add(new FieldProblem("arguments", "is required and must be an object"));
        }
        JsonNode conversation = body.get("conversation");
        if (conversation != null && !conversation.isNull()) {
            if (!conversation.isObject()) {
                errors.add(new FieldProblem("conversation", "must be an object"));
            } else {
                conversation.propertyNames().forEach(name -> {
                    JsonNode value = conversation.get(name);
                    if (!CONVERSATION_FIELDS.contains(name)) {
                        errors.add(new FieldProblem("conversation." + name, "is not a known field"));
                    } else if (!value.isNull() && value.getNodeType() != JsonNodeType.STRING) {
                        errors.add(new FieldProblem("conversation." + name, "must be a string"));
                    }
                });
                limit(errors, conversation, "id", 200);
                limit(errors, conversation, "channel", 50);
                limit(errors, conversation, "excerpt", MAX_EXCERPT);
            }
        }
        JsonNode reason = body.get("reason");
        if (reason != null
                && !reason.isNull()
                && (!reason.isString() || reason.asString().length() > MAX_REASON)) {
            errors.add(new FieldProblem("reason", "must be a string of at most " + MAX_REASON + " characters"));
        }
        JsonNode review = body.get("requestReview");
        if (review != null && !review.isNull() && !review.isBoolean()) {
            errors.add(new FieldProblem("requestReview", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The proposal is not valid.", errors);
        }
        return new ProposalRequest(
                tool.asString(),
                arguments,
                conversation == null || conversation.isNull() ? null : conversation,
                reason == null || reason.isNull() ? null : reason.asString(),
                review != null && review.asBoolean());
    }

    private static void limit(List<FieldProblem> errors, JsonNode conversation, String field, int max) {
        JsonNode value = conversation.get(field);
        if (value != null && value.isString() && value.asString().length() > max) {
            errors.add(new FieldProblem("conversation." + field, "must be at most " + max + " characters"));
        }
    }
}

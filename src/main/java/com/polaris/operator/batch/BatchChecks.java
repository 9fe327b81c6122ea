package com.polaris.operator.batch;

import com.polaris.operator.action.BatchActions;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a batch before anything of it is stored: the body's shape, then every item against the
 * tool's input schema and the context its reviewers require. Each problem names the item's field.
 */
@Component
@RequiredArgsConstructor
class BatchChecks {

    static final int MAX_ITEMS = 10_000;
    private static final int MAX_ERRORS = 100;
    private static final int MAX_REASON = 2000;
    private static final Set<String> FIELDS = Set.of("tool", "items", "reason");
    private static final Set<String> ITEM_FIELDS = Set.of("arguments", "conversation");
    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "channel", "excerpt");
    private static final Map<String, Integer> CONVERSATION_LIMITS = Map.of("id", 200, "channel", 50, "excerpt", 4000);

    private final BatchActions actions;
    private final Policies policies;

    /** The body, checked for shape. */
    record Request(
            String tool,
            List<BatchActions.Item> items,
            @Nullable String reason) {}

    static Request parse(JsonNode body) {
        List<FieldProblem> errors = RequestBodies.unknownFields(body, FIELDS);
        JsonNode tool = body.get("tool");
        if (tool == null || !tool.isString() || tool.asString().isBlank()) {
            errors.add(new FieldProblem("tool", "is required and must be a tool name"));
        }
        JsonNode reason = body.get("reason");
        if (reason != null
                && !reason.isNull()
                && (!reason.isString() || reason.asString().length() > MAX_REASON)) {
            errors.add(new FieldProblem("reason", "must be a string of at most " + MAX_REASON + " characters"));
        }
        JsonNode itemsNode = body.get("items");
        var items = new ArrayList<BatchActions.Item>();
        if (itemsNode == null || !itemsNode.isArray() || itemsNode.isEmpty() || itemsNode.size() > MAX_ITEMS) {
            errors.add(new FieldProblem("items", "is required: an array of 1 to " + MAX_ITEMS + " items"));
        } else {
            for (int i = 0; i < itemsNode.size() && errors.size() < MAX_ERRORS; i++) {
                JsonNode item = itemsNode.get(i);
                String at = "items[" + i + "]";
                if (!item.isObject()) {
                    errors.add(new FieldProblem(at, "must be an object with arguments"));
                    continue;
                }
                RequestBodies.unknownFields(at, item, ITEM_FIELDS, errors);
                JsonNode arguments = item.get("arguments");
                if (arguments == null || !arguments.isObject()) {
                    errors.add(new FieldProblem(at + ".arguments", "is required and must be an object"));
                }
                JsonNode conversation = item.get("conversation");
                if (conversation != null && !conversation.isNull()) {
                    conversation(at + ".conversation", conversation, errors);
                }
                items.add(new BatchActions.Item(
                        i,
                        arguments == null ? tools.jackson.databind.node.MissingNode.getInstance() : arguments,
                        conversation == null || conversation.isNull() ? null : conversation));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The batch is not valid.", errors);
        }
        return new Request(tool.asString(), items, reason == null || reason.isNull() ? null : reason.asString());
    }

    private static void conversation(String at, JsonNode conversation, List<FieldProblem> errors) {
        if (!conversation.isObject()) {
            errors.add(new FieldProblem(at, "must be an object"));
            return;
        }
        conversation.propertyNames().forEach(name -> {
            JsonNode value = conversation.get(name);
            if (!CONVERSATION_FIELDS.contains(name)) {
                errors.add(new FieldProblem(at + "." + name, "is not a known field"));
            } else if (!value.isNull() && !value.isString()) {
                errors.add(new FieldProblem(at + "." + name, "must be a string"));
            } else if (value.isString() && value.asString().length() > CONVERSATION_LIMITS.get(name)) {
                errors.add(new FieldProblem(
                        at + "." + name, "must be at most " + CONVERSATION_LIMITS.get(name) + " characters"));
            }
        });
    }

    /** Every item against the tool's input schema and the context its reviewers require; 422 naming each item's field. */
    void requireValidItems(Caller caller, Tool tool, Request request) {
        Review review =
                policies.current(caller.workspaceId(), tool.name()).policy().review();
        var errors = new ArrayList<FieldProblem>();
        if (review.requireContext().contains("reason")
                && (request.reason() == null || request.reason().isBlank())) {
            errors.add(new FieldProblem("reason", "is required for this tool: reviewers need to know why"));
        }
        for (BatchActions.Item item : request.items()) {
            if (errors.size() >= MAX_ERRORS) {
                break;
            }
            String at = "items[" + item.index() + "].";
            actions.problems(tool, item.arguments())
                    .forEach(problem -> errors.add(new FieldProblem(at + problem.field(), problem.message())));
            if (review.requireContext().contains("conversation") && item.conversation() == null) {
                errors.add(new FieldProblem(
                        at + "conversation",
                        "is required for this tool: reviewers need the conversation it comes from"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(
                    "Some items do not match the input of '" + tool.name() + "'; nothing was stored.", errors);
        }
    }
}

package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes Policy JSON. Reading is strict: an unknown field or value is refused rather
 * than ignored, because a misspelt rule silently ignored would run a tool under rules its owner
 * never meant. Every problem is reported at once, each under its dotted field path.
 */
public final class PolicyJson {

    private static final Set<String> FIELDS = Set.of("approval", "execution", "businessHours", "retry");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts");
    private static final String UNKNOWN_FIELD = "is not a known field";

    private PolicyJson() {}

    /** The policy {@code document} describes, or a 422 problem listing every invalid field. */
    public static Policy parse(@Nullable JsonNode document) {
        if (document == null || !document.isObject()) {
            throw ApiProblem.invalid(
                    "The policy must be a JSON object.", List.of(new FieldProblem("policy", "must be a JSON object")));
        }
        var errors = new ArrayList<FieldProblem>();
        for (String name : document.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldProblem(name, UNKNOWN_FIELD));
            }
        }
        ApprovalRule approval =
                choice(document, "approval", ApprovalRule.values(), ApprovalRule::wire, ApprovalRule::parse, errors);
        ExecutionMode execution = choice(
                document, "execution", ExecutionMode.values(), ExecutionMode::wire, ExecutionMode::parse, errors);
        boolean businessHours = businessHours(document.get("businessHours"), errors);
        int maxAttempts = maxAttempts(document.get("retry"), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The policy is not valid.", errors);
        }
        return new Policy(approval, execution, businessHours, maxAttempts);
    }

    /** The Policy JSON of {@code policy}, in the shape {@link #parse} reads. */
    public static Map<String, Object> write(Policy policy) {
        var document = new LinkedHashMap<String, Object>();
        document.put("approval", policy.approval().wire());
        document.put("execution", policy.execution().wire());
        document.put("businessHours", policy.businessHours());
        document.put("retry", Map.of("maxAttempts", policy.maxAttempts()));
        return document;
    }

    private static <T> @Nullable T choice(
            JsonNode document,
            String field,
            T[] values,
            Function<T, String> wire,
            Function<String, Optional<T>> parse,
            List<FieldProblem> errors) {
        JsonNode node = document.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        String allowed = Arrays.stream(values).map(wire).collect(Collectors.joining(", "));
        Optional<T> value = node.isString() ? parse.apply(node.asString()) : Optional.empty();
        if (value.isEmpty()) {
            errors.add(new FieldProblem(field, "must be one of " + allowed));
            return null;
        }
        return value.get();
    }

    private static boolean businessHours(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(new FieldProblem("businessHours", "must be true or false"));
            return false;
        }
        return node.booleanValue();
    }

    private static int maxAttempts(@Nullable JsonNode retry, List<FieldProblem> errors) {
        if (retry == null || retry.isNull()) {
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        if (!retry.isObject()) {
            errors.add(new FieldProblem("retry", "must be an object"));
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        for (String name : retry.propertyNames()) {
            if (!RETRY_FIELDS.contains(name)) {
                errors.add(new FieldProblem("retry." + name, UNKNOWN_FIELD));
            }
        }
        JsonNode node = retry.get("maxAttempts");
        if (node == null || node.isNull()) {
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        String bounds = "must be a whole number from " + Policy.MIN_ATTEMPTS + " to " + Policy.MAX_ATTEMPTS;
        if (!node.isIntegralNumber()
                || !node.canConvertToInt()
                || node.intValue() < Policy.MIN_ATTEMPTS
                || node.intValue() > Policy.MAX_ATTEMPTS) {
            errors.add(new FieldProblem("retry.maxAttempts", bounds));
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        return node.intValue();
    }
}

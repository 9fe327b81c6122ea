package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.identity.Role;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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

    private static final Set<String> FIELDS = Set.of(
            "approval",
            "approvalWhen",
            "execution",
            "businessHours",
            "retry",
            "reviewers",
            "routes",
            "approvalExpiresAfter",
            "remindAfter",
            "escalateAfter",
            "review",
            "preparedByOperator",
            "bulkApprovalAbove");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts");
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    private PolicyJson() {}

    /** The policy {@code document} describes, or a 422 problem listing every invalid field. */
    public static Policy parse(@Nullable JsonNode document) {
        if (document == null || !document.isObject()) {
            throw ApiProblem.invalid(
                    "The policy must be a JSON object.", List.of(new FieldProblem("policy", "must be a JSON object")));
        }
        List<FieldProblem> errors = RequestBodies.unknownFields(document, FIELDS);
        ApprovalRule approval =
                choice(document, "approval", ApprovalRule.values(), ApprovalRule::wire, ApprovalRule::parse, errors);
        ExecutionMode execution = choice(
                document, "execution", ExecutionMode.values(), ExecutionMode::wire, ExecutionMode::parse, errors);
        boolean businessHours = businessHours(document.get("businessHours"), errors);
        int maxAttempts = maxAttempts(document.get("retry"), errors);
        JsonNode reviewersNode = document.get("reviewers");
        Reviewers reviewers = reviewersNode == null || reviewersNode.isNull()
                ? null
                : ReviewRulesJson.reviewers("reviewers", reviewersNode, errors);
        List<Route> routes = ReviewRulesJson.routes(document.get("routes"), errors);
        Duration expiresAfter = duration(document, "approvalExpiresAfter", errors);
        Duration remindAfter = duration(document, "remindAfter", errors);
        Duration escalateAfter = duration(document, "escalateAfter", errors);
        Review review = ReviewRulesJson.review(document.get("review"), errors);
        String approvalWhen = ReviewRulesJson.approvalWhen(document.get("approvalWhen"), approval, errors);
        PreparedByOperator preparedByOperator = document.hasNonNull("preparedByOperator")
                ? choice(
                        document,
                        "preparedByOperator",
                        PreparedByOperator.values(),
                        PreparedByOperator::wire,
                        PreparedByOperator::parse,
                        errors)
                : PreparedByOperator.REVIEW;
        int bulkApprovalAbove = bulkApprovalAbove(document.get("bulkApprovalAbove"), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The policy is not valid.", errors);
        }
        return new Policy(
                approval,
                execution,
                businessHours,
                maxAttempts,
                reviewers,
                routes,
                expiresAfter,
                remindAfter,
                escalateAfter,
                review,
                approvalWhen,
                preparedByOperator == null ? PreparedByOperator.REVIEW : preparedByOperator,
                bulkApprovalAbove);
    }

    private static int bulkApprovalAbove(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return Policy.DEFAULT_BULK_APPROVAL_ABOVE;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > Policy.MAX_BULK_APPROVAL_ABOVE) {
            errors.add(new FieldProblem(
                    "bulkApprovalAbove", "must be a whole number from 0 to " + Policy.MAX_BULK_APPROVAL_ABOVE));
            return Policy.DEFAULT_BULK_APPROVAL_ABOVE;
        }
        return node.asInt();
    }

    /** The emails a policy names as reviewers, in its default reviewers and in its routes. */
    public static Set<String> namedMembers(Policy policy) {
        var emails = new java.util.LinkedHashSet<String>();
        if (policy.reviewers() != null) {
            emails.addAll(policy.reviewers().members());
        }
        policy.routes().forEach(route -> emails.addAll(route.reviewers().members()));
        return emails;
    }

    /** The Policy JSON of {@code policy}, in the shape {@link #parse} reads. */
    public static Map<String, Object> write(Policy policy) {
        var document = new LinkedHashMap<String, Object>();
        document.put("approval", policy.approval().wire());
        if (policy.approvalWhen() != null) {
            document.put("approvalWhen", policy.approvalWhen());
        }
        document.put("execution", policy.execution().wire());
        document.put("businessHours", policy.businessHours());
        document.put("retry", Map.of("maxAttempts", policy.maxAttempts()));
        if (policy.reviewers() != null) {
            document.put("reviewers", write(policy.reviewers()));
        }
        if (!policy.routes().isEmpty()) {
            document.put(
                    "routes",
                    policy.routes().stream()
                            .map(route -> Map.of("when", route.when(), "reviewers", write(route.reviewers())))
                            .toList());
        }
        putDuration(document, "approvalExpiresAfter", policy.approvalExpiresAfter());
        putDuration(document, "remindAfter", policy.remindAfter());
        putDuration(document, "escalateAfter", policy.escalateAfter());
        if (!policy.review().equals(Review.DEFAULT)) {
            var review = new LinkedHashMap<String, Object>();
            if (policy.review().summary() != null) {
                review.put("summary", policy.review().summary());
            }
            review.put("highlight", policy.review().highlight());
            review.put(
                    "requireContext",
                    policy.review().requireContext().stream().sorted().toList());
            review.put("conversationMessages", policy.review().conversationMessages());
            document.put("review", review);
        }
        if (policy.preparedByOperator() != PreparedByOperator.REVIEW) {
            document.put("preparedByOperator", policy.preparedByOperator().wire());
        }
        if (policy.bulkApprovalAbove() != Policy.DEFAULT_BULK_APPROVAL_ABOVE) {
            document.put("bulkApprovalAbove", policy.bulkApprovalAbove());
        }
        return document;
    }

    static Map<String, Object> write(Reviewers reviewers) {
        var document = new LinkedHashMap<String, Object>();
        document.put("roles", reviewers.orderedRoles().stream().map(Role::wire).toList());
        document.put("members", reviewers.members());
        document.put("quorum", reviewers.quorum());
        return document;
    }

    private static void putDuration(Map<String, Object> document, String field, @Nullable Duration duration) {
        if (duration != null) {
            document.put(field, duration.toString());
        }
    }

    private static @Nullable Duration duration(JsonNode document, String field, List<FieldProblem> errors) {
        JsonNode node = document.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String message = "must be a positive ISO-8601 duration, such as PT4H or P3D";
        if (!node.isString()) {
            errors.add(new FieldProblem(field, message));
            return null;
        }
        try {
            Duration duration = Duration.parse(node.asString());
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                errors.add(new FieldProblem(field, message + " of at most 365 days"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem(field, message));
            return null;
        }
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
        if (!object(retry, "retry", RETRY_FIELDS, errors)) {
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        return wholeNumber(
                retry.get("maxAttempts"),
                "retry.maxAttempts",
                Policy.MIN_ATTEMPTS,
                Policy.MAX_ATTEMPTS,
                Policy.DEFAULT_MAX_ATTEMPTS,
                errors);
    }

    /**
     * Whether {@code node}, the value of {@code field}, is an object to read (its fields other than
     * {@code known} noted in {@code errors}); absent or null is not, and anything else is a problem.
     */
    static boolean object(@Nullable JsonNode node, String field, Set<String> known, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            errors.add(new FieldProblem(field, "must be an object"));
            return false;
        }
        RequestBodies.unknownFields(field, node, known, errors);
        return true;
    }

    /**
     * The whole number {@code node}, the value of {@code field}, from {@code min} to {@code max};
     * {@code absent} when it is absent or null, and when it is anything else (a problem noted).
     */
    static int wholeNumber(
            @Nullable JsonNode node, String field, int min, int max, int absent, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            errors.add(new FieldProblem(field, "must be a whole number from " + min + " to " + max));
            return absent;
        }
        return node.intValue();
    }
}

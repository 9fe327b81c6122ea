package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.identity.Role;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Set<String> REVIEWER_FIELDS = Set.of("roles", "members", "quorum");
    private static final Set<String> ROUTE_FIELDS = Set.of("when", "reviewers");
    private static final Set<String> REVIEW_FIELDS =
            Set.of("summary", "highlight", "requireContext", "conversationMessages");
    private static final Set<Role> REVIEWING_ROLES = EnumSet.of(Role.OWNER, Role.ADMIN, Role.REVIEWER);
    private static final int MAX_ROUTES = 20;
    private static final int MAX_CONDITION = 1000;
    private static final int MAX_SUMMARY = 500;
    private static final int MAX_HIGHLIGHT = 20;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern ARGUMENT_PLACEHOLDER = Pattern.compile("args\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts");
    private static final String UNKNOWN_FIELD = "is not a known field";
    private static final Duration MAX_DURATION = Duration.ofDays(365);

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
        JsonNode reviewersNode = document.get("reviewers");
        Reviewers reviewers =
                reviewersNode == null || reviewersNode.isNull() ? null : reviewers("reviewers", reviewersNode, errors);
        List<Route> routes = routes(document.get("routes"), errors);
        Duration expiresAfter = duration(document, "approvalExpiresAfter", errors);
        Duration remindAfter = duration(document, "remindAfter", errors);
        Duration escalateAfter = duration(document, "escalateAfter", errors);
        Review review = review(document.get("review"), errors);
        String approvalWhen = approvalWhen(document.get("approvalWhen"), approval, errors);
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

    /**
     * Reads a reviewers object at {@code path}. An omitted {@code roles} means no role; an omitted
     * {@code quorum} means 1. Whoever it names, it must name somebody.
     */
    private static @Nullable Reviewers reviewers(String path, JsonNode node, List<FieldProblem> errors) {
        if (!node.isObject()) {
            errors.add(new FieldProblem(path, "must be an object"));
            return null;
        }
        int before = errors.size();
        unknownFields(path, node, REVIEWER_FIELDS, errors);
        var roles = EnumSet.noneOf(Role.class);
        JsonNode rolesNode = node.get("roles");
        if (rolesNode != null && !rolesNode.isNull()) {
            if (!rolesNode.isArray()) {
                errors.add(new FieldProblem(path + ".roles", "must be a list of owner, admin, reviewer"));
            } else {
                for (int i = 0; i < rolesNode.size(); i++) {
                    JsonNode role = rolesNode.get(i);
                    var parsed = role.isString() ? Role.parse(role.asString()) : Optional.<Role>empty();
                    if (parsed.isEmpty() || !REVIEWING_ROLES.contains(parsed.get())) {
                        errors.add(
                                new FieldProblem(path + ".roles[" + i + "]", "must be one of owner, admin, reviewer"));
                    } else {
                        roles.add(parsed.get());
                    }
                }
            }
        }
        var members = new ArrayList<String>();
        JsonNode membersNode = node.get("members");
        if (membersNode != null && !membersNode.isNull()) {
            if (!membersNode.isArray()) {
                errors.add(new FieldProblem(path + ".members", "must be a list of member emails"));
            } else if (membersNode.size() > Reviewers.MAX_MEMBERS) {
                errors.add(
                        new FieldProblem(path + ".members", "must name at most " + Reviewers.MAX_MEMBERS + " members"));
            } else {
                for (int i = 0; i < membersNode.size(); i++) {
                    JsonNode member = membersNode.get(i);
                    String email = member.isString() ? member.asString().strip().toLowerCase(Locale.ROOT) : "";
                    if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
                        errors.add(new FieldProblem(path + ".members[" + i + "]", "must be a member's email"));
                    } else if (members.contains(email)) {
                        errors.add(new FieldProblem(path + ".members[" + i + "]", "is named twice"));
                    } else {
                        members.add(email);
                    }
                }
            }
        }
        int quorum = 1;
        JsonNode quorumNode = node.get("quorum");
        if (quorumNode != null && !quorumNode.isNull()) {
            if (!quorumNode.isIntegralNumber()
                    || !quorumNode.canConvertToInt()
                    || quorumNode.intValue() < 1
                    || quorumNode.intValue() > Reviewers.MAX_QUORUM) {
                errors.add(
                        new FieldProblem(path + ".quorum", "must be a whole number from 1 to " + Reviewers.MAX_QUORUM));
            } else {
                quorum = quorumNode.intValue();
            }
        }
        if (errors.size() == before && roles.isEmpty() && members.isEmpty()) {
            errors.add(new FieldProblem(path, "must name at least one role or member"));
        }
        return errors.size() == before ? new Reviewers(roles, members, quorum) : null;
    }

    /** The condition that asks for approval, which only optional approval may have; compiled and type-checked. */
    private static @Nullable String approvalWhen(
            @Nullable JsonNode node, @Nullable ApprovalRule approval, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            errors.add(new FieldProblem("approvalWhen", "must be a CEL condition"));
            return null;
        }
        if (approval != null && approval != ApprovalRule.OPTIONAL) {
            errors.add(new FieldProblem(
                    "approvalWhen", "goes only with \"approval\": \"optional\" (it says when to ask for approval)"));
            return null;
        }
        return condition("approvalWhen", node.asString(), errors);
    }

    /** A CEL condition compiled and type-checked, or null with its problem added under {@code field}. */
    private static @Nullable String condition(String field, String expression, List<FieldProblem> errors) {
        if (expression.length() > MAX_CONDITION) {
            errors.add(new FieldProblem(field, "must be at most " + MAX_CONDITION + " characters"));
            return null;
        }
        try {
            return Condition.compile(expression).expression();
        } catch (InvalidCondition invalid) {
            errors.add(invalid.toFieldProblem(field));
            return null;
        }
    }

    private static List<Route> routes(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldProblem("routes", "must be a list"));
            return List.of();
        }
        if (node.size() > MAX_ROUTES) {
            errors.add(new FieldProblem("routes", "must have at most " + MAX_ROUTES + " routes"));
            return List.of();
        }
        var routes = new ArrayList<Route>();
        for (int i = 0; i < node.size(); i++) {
            String path = "routes[" + i + "]";
            JsonNode route = node.get(i);
            if (!route.isObject()) {
                errors.add(new FieldProblem(path, "must be an object"));
                continue;
            }
            unknownFields(path, route, ROUTE_FIELDS, errors);
            JsonNode when = route.get("when");
            String condition = null;
            if (when == null || !when.isString() || when.asString().isBlank()) {
                errors.add(new FieldProblem(path + ".when", "is required: a CEL condition"));
            } else {
                condition = condition(path + ".when", when.asString(), errors);
            }
            JsonNode reviewersNode = route.get("reviewers");
            Reviewers reviewers = null;
            if (reviewersNode == null || reviewersNode.isNull()) {
                errors.add(new FieldProblem(path + ".reviewers", "is required"));
            } else {
                reviewers = reviewers(path + ".reviewers", reviewersNode, errors);
            }
            if (condition != null && reviewers != null) {
                routes.add(new Route(condition, reviewers));
            }
        }
        return routes;
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

    private static Review review(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            return Review.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add(new FieldProblem("review", "must be an object"));
            return Review.DEFAULT;
        }
        unknownFields("review", node, REVIEW_FIELDS, errors);
        String summary = null;
        JsonNode summaryNode = node.get("summary");
        if (summaryNode != null && !summaryNode.isNull()) {
            if (!summaryNode.isString() || summaryNode.asString().isBlank()) {
                errors.add(new FieldProblem("review.summary", "must be a sentence"));
            } else if (summaryNode.asString().length() > MAX_SUMMARY) {
                errors.add(new FieldProblem("review.summary", "must be at most " + MAX_SUMMARY + " characters"));
            } else {
                summary = summaryNode.asString();
                Matcher placeholder = PLACEHOLDER.matcher(summary);
                while (placeholder.find()) {
                    if (!ARGUMENT_PLACEHOLDER.matcher(placeholder.group(1)).matches()) {
                        errors.add(new FieldProblem(
                                "review.summary",
                                "may only use {{args.name}} placeholders, not {{" + placeholder.group(1) + "}}"));
                        break;
                    }
                }
            }
        }
        var highlight = new ArrayList<String>();
        JsonNode highlightNode = node.get("highlight");
        if (highlightNode != null && !highlightNode.isNull()) {
            if (!highlightNode.isArray() || highlightNode.size() > MAX_HIGHLIGHT) {
                errors.add(new FieldProblem(
                        "review.highlight", "must be a list of at most " + MAX_HIGHLIGHT + " argument names"));
            } else {
                for (int i = 0; i < highlightNode.size(); i++) {
                    JsonNode name = highlightNode.get(i);
                    if (!name.isString()
                            || name.asString().isBlank()
                            || name.asString().length() > 100) {
                        errors.add(new FieldProblem("review.highlight[" + i + "]", "must be an argument name"));
                    } else if (!highlight.contains(name.asString())) {
                        highlight.add(name.asString());
                    }
                }
            }
        }
        var requireContext = new java.util.TreeSet<String>();
        JsonNode contextNode = node.get("requireContext");
        if (contextNode != null && !contextNode.isNull()) {
            if (!contextNode.isArray()) {
                errors.add(new FieldProblem("review.requireContext", "must be a list of reason, conversation"));
            } else {
                for (int i = 0; i < contextNode.size(); i++) {
                    JsonNode field = contextNode.get(i);
                    if (!field.isString() || !Review.CONTEXT_FIELDS.contains(field.asString())) {
                        errors.add(
                                new FieldProblem("review.requireContext[" + i + "]", "must be reason or conversation"));
                    } else {
                        requireContext.add(field.asString());
                    }
                }
            }
        }
        int messages = Review.DEFAULT_CONVERSATION_MESSAGES;
        JsonNode messagesNode = node.get("conversationMessages");
        if (messagesNode != null && !messagesNode.isNull()) {
            if (!messagesNode.isIntegralNumber()
                    || !messagesNode.canConvertToInt()
                    || messagesNode.intValue() < 0
                    || messagesNode.intValue() > Review.MAX_CONVERSATION_MESSAGES) {
                errors.add(new FieldProblem(
                        "review.conversationMessages",
                        "must be a whole number from 0 to " + Review.MAX_CONVERSATION_MESSAGES));
            } else {
                messages = messagesNode.intValue();
            }
        }
        return new Review(summary, highlight, requireContext, messages);
    }

    private static void unknownFields(String path, JsonNode node, Set<String> known, List<FieldProblem> errors) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                errors.add(new FieldProblem(path + "." + name, UNKNOWN_FIELD));
            }
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
        if (retry == null || retry.isNull()) {
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        if (!retry.isObject()) {
            errors.add(new FieldProblem("retry", "must be an object"));
            return Policy.DEFAULT_MAX_ATTEMPTS;
        }
        unknownFields("retry", retry, RETRY_FIELDS, errors);
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

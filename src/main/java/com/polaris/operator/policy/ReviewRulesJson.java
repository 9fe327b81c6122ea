package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.identity.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the parts of Policy JSON that say who reviews and what they see: {@code reviewers},
 * {@code routes} and their CEL conditions, {@code approvalWhen}, and {@code review}. As strict as
 * {@link PolicyJson}: every problem is added under its dotted field path.
 */
final class ReviewRulesJson {

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

    private ReviewRulesJson() {}

    /**
     * Reads a reviewers object at {@code path}. An omitted {@code roles} means no role; an omitted
     * {@code quorum} means 1. Whoever it names, it must name somebody.
     */
    static @Nullable Reviewers reviewers(String path, JsonNode node, List<FieldProblem> errors) {
        if (!node.isObject()) {
            errors.add(new FieldProblem(path, "must be an object"));
            return null;
        }
        int before = errors.size();
        RequestBodies.unknownFields(path, node, REVIEWER_FIELDS, errors);
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
        int quorum = PolicyJson.wholeNumber(node.get("quorum"), path + ".quorum", 1, Reviewers.MAX_QUORUM, 1, errors);
        if (errors.size() == before && roles.isEmpty() && members.isEmpty()) {
            errors.add(new FieldProblem(path, "must name at least one role or member"));
        }
        return errors.size() == before ? new Reviewers(roles, members, quorum) : null;
    }

    /** The condition that asks for approval, which only optional approval may have; compiled and type-checked. */
    static @Nullable String approvalWhen(
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

    static List<Route> routes(@Nullable JsonNode node, List<FieldProblem> errors) {
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
            RequestBodies.unknownFields(path, route, ROUTE_FIELDS, errors);
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

    static Review review(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (!PolicyJson.object(node, "review", REVIEW_FIELDS, errors)) {
            return Review.DEFAULT;
        }
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
        int messages = PolicyJson.wholeNumber(
                node.get("conversationMessages"),
                "review.conversationMessages",
                0,
                Review.MAX_CONVERSATION_MESSAGES,
                Review.DEFAULT_CONVERSATION_MESSAGES,
                errors);
        return new Review(summary, highlight, requireContext, messages);
    }
}

package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.policy.ApprovalRule;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.Reviewers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The basic form of a tool's rules, as typed: the three questions, who reviews (roles, members by
 * email, quorum) and the follow-up timings in hours (empty: the default expiry, no reminder, no
 * escalation). Saving edits the saved Policy JSON in place, so whatever the form does not show
 * (routes, review, retry) is kept exactly as it was saved.
 */
record BasicPolicyForm(
        String approval,
        String execution,
        boolean businessHours,
        Set<String> roles,
        String members,
        String quorum,
        String expiresAfter,
        String remindAfter,
        String escalateAfter,
        boolean unsaved) {

    static final List<String> REVIEWING_ROLES = List.of("owner", "admin", "reviewer");
    static final String REVIEWERS_SHOWN = "reviewersShown";
    static final String ROLES = "reviewerRoles";
    static final String MEMBERS = "reviewerMembers";
    static final String QUORUM = "quorum";
    static final String EXPIRES = "expiresAfter";
    static final String REMIND = "remindAfter";
    static final String ESCALATE = "escalateAfter";

    private static final Pattern HOURS = Pattern.compile("\\d{1,4}(\\.\\d{1,2})?");
    private static final Pattern MEMBER_INDEX = Pattern.compile("reviewers\\.members\\[(\\d+)]");
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Map<String, String> TIMINGS =
            Map.of(EXPIRES, "approvalExpiresAfter", REMIND, "remindAfter", ESCALATE, "escalateAfter");

    private static final Map<String, String> FIELD_IDS =
            Map.of(EXPIRES, "expires-after", REMIND, "remind-after", ESCALATE, "escalate-after");

    /** The fields of the form beyond the three questions, in the order the page shows them. */
    static List<FormErrors.Field> fields() {
        return List.of(
                new FormErrors.Field(ROLES, "reviewer-role-owner", "Reviewers"),
                new FormErrors.Field(MEMBERS, "reviewer-members", "Members by email"),
                new FormErrors.Field(QUORUM, "quorum", "Approvals needed"),
                new FormErrors.Field(EXPIRES, "expires-after", "Expires after"),
                new FormErrors.Field(REMIND, "remind-after", "Reminder after"),
                new FormErrors.Field(ESCALATE, "escalate-after", "Escalation after"));
    }

    /** The form as {@code policy} fills it in. */
    static BasicPolicyForm of(Policy policy) {
        Reviewers reviewers = policy.defaultReviewers();
        return new BasicPolicyForm(
                policy.approval().wire(),
                policy.execution().wire(),
                policy.businessHours(),
                reviewers.orderedRoles().stream().map(Role::wire).collect(Collectors.toCollection(LinkedHashSet::new)),
                String.join("\n", reviewers.members()),
                Integer.toString(reviewers.quorum()),
                hours(policy.approvalExpiresAfter()),
                hours(policy.remindAfter()),
                hours(policy.escalateAfter()),
                false);
    }

    /**
     * The form as posted, and whether it differs from {@code saved}. A post without the reviewers'
     * fields ({@code reviewersShown} absent) or without a timing keeps those as saved: only what the
     * page showed is changed.
     */
    static BasicPolicyForm read(Map<String, String> params, Policy saved) {
        BasicPolicyForm was = of(saved);
        boolean reviewersShown = params.containsKey(REVIEWERS_SHOWN);
        var roles = new LinkedHashSet<String>();
        for (String role : REVIEWING_ROLES) {
            if (reviewersShown ? params.containsKey(roleParam(role)) : was.roles.contains(role)) {
                roles.add(role);
            }
        }
        return new BasicPolicyForm(
                        params.getOrDefault("approval", ""),
                        params.getOrDefault("execution", ""),
                        params.containsKey("businessHours"),
                        roles,
                        reviewersShown ? params.getOrDefault(MEMBERS, "") : was.members,
                        reviewersShown ? params.getOrDefault(QUORUM, "") : was.quorum,
                        params.getOrDefault(EXPIRES, was.expiresAfter),
                        params.getOrDefault(REMIND, was.remindAfter),
                        params.getOrDefault(ESCALATE, was.escalateAfter),
                        false)
                .comparedWith(saved);
    }

    /** The form with the three answers of a preset; who reviews and the follow-up stay as saved. */
    static BasicPolicyForm preset(Policy saved, Policy preset) {
        BasicPolicyForm form = of(saved);
        return new BasicPolicyForm(
                        preset.approval().wire(),
                        preset.execution().wire(),
                        preset.businessHours(),
                        form.roles,
                        form.members,
                        form.quorum,
                        form.expiresAfter,
                        form.remindAfter,
                        form.escalateAfter,
                        false)
                .comparedWith(saved);
    }

    /** The request parameter of a role's checkbox: {@code roleOwner}, {@code roleAdmin}, {@code roleReviewer}. */
    static String roleParam(String role) {
        return "role" + role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
    }

    /** The emails typed, one per line or separated by commas, as the policy stores them. */
    List<String> memberEmails() {
        return Arrays.stream(members.split("[,;\\s]+"))
                .map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .toList();
    }

    /**
     * The saved Policy JSON {@code saved} with this form's answers in it, or null when the form has
     * errors, which are added to {@code errors}. Default reviewers that were never set stay unset
     * while the form keeps them as they are.
     */
    @Nullable
    ObjectNode document(ObjectNode saved, Policy savedPolicy, FormErrors errors) {
        for (String param : List.of(MEMBERS, QUORUM, EXPIRES, REMIND, ESCALATE)) {
            errors.checkText(param, param.equals(MEMBERS) ? members : param.equals(QUORUM) ? quorum : timing(param));
        }
        var approvalRule = ApprovalRule.parse(approval);
        var executionMode = ExecutionMode.parse(execution);
        if (approvalRule.isEmpty()) {
            errors.addSentence("approval", "Choose whether a person approves each action first.");
        }
        if (executionMode.isEmpty()) {
            errors.addSentence("execution", "Choose when it runs: immediately or in the background.");
        }
        Integer count = null;
        String typedQuorum = quorum.strip();
        if (errors.has("quorum")) {
            count = null;
        } else if (typedQuorum.isEmpty()) {
            count = 1;
        } else if (typedQuorum.matches("\\d{1,3}")
                && Integer.parseInt(typedQuorum) >= 1
                && Integer.parseInt(typedQuorum) <= Reviewers.MAX_QUORUM) {
            count = Integer.parseInt(typedQuorum);
        } else {
            errors.add(QUORUM, "must be a whole number from 1 to " + Reviewers.MAX_QUORUM);
        }
        if (roles.isEmpty() && memberEmails().isEmpty()) {
            errors.addSentence(ROLES, "Choose at least one role or name at least one member who reviews.");
        }
        var timings = new java.util.LinkedHashMap<String, @Nullable Duration>();
        for (String param : List.of(EXPIRES, REMIND, ESCALATE)) {
            if (errors.has(FIELD_IDS.get(param))) {
                continue;
            }
            String typed = timing(param);
            try {
                timings.put(param, duration(typed));
            } catch (IllegalArgumentException e) {
                errors.add(param, "must be a number of hours above 0 and at most 8760 (365 days), or left empty");
            }
        }
        if (!errors.isEmpty() || count == null) {
            return null;
        }
        ObjectNode document = saved.deepCopy();
        document.put("approval", approval);
        document.put("execution", execution);
        document.put("businessHours", businessHours);
        boolean unchangedDefault = savedPolicy.reviewers() == null
                && roles.equals(Set.copyOf(REVIEWING_ROLES))
                && memberEmails().isEmpty()
                && count == 1;
        if (unchangedDefault) {
            document.remove("reviewers");
        } else {
            ObjectNode reviewers = document.putObject("reviewers");
            ArrayNode roleList = reviewers.putArray("roles");
            REVIEWING_ROLES.stream().filter(roles::contains).forEach(roleList::add);
            ArrayNode memberList = reviewers.putArray("members");
            memberEmails().forEach(memberList::add);
            reviewers.put("quorum", count);
        }
        timings.forEach((param, duration) -> {
            if (duration == null) {
                document.remove(TIMINGS.get(param));
            } else {
                document.put(TIMINGS.get(param), duration.toString());
            }
        });
        return document;
    }

    private String timing(String param) {
        return param.equals(EXPIRES) ? expiresAfter : param.equals(REMIND) ? remindAfter : escalateAfter;
    }

    /**
     * The policy's refusal of this form (422), each problem beside its field: a named reviewer who
     * is not a member is named by email.
     */
    void refused(ApiProblem problem, FormErrors errors) {
        List<String> emails = memberEmails();
        for (ApiProblem.FieldProblem p : problem.errors()) {
            Matcher member = MEMBER_INDEX.matcher(p.field());
            if (member.matches() && Integer.parseInt(member.group(1)) < emails.size()) {
                errors.addSentence(
                        MEMBERS,
                        "“" + emails.get(Integer.parseInt(member.group(1))) + "” " + FormErrors.plain(p.message()));
            }
        }
        errors.addAll(problem, BasicPolicyForm::param);
    }

    private static @Nullable String param(String field) {
        if (field.equals("approval") || field.equals("execution")) {
            return field;
        }
        if (field.equals("reviewers") || field.startsWith("reviewers.roles")) {
            return ROLES;
        }
        if (field.startsWith("reviewers.members")) {
            return MEMBERS;
        }
        if (field.equals("reviewers.quorum")) {
            return QUORUM;
        }
        return TIMINGS.entrySet().stream()
                .filter(e -> e.getValue().equals(field))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private BasicPolicyForm comparedWith(Policy saved) {
        BasicPolicyForm was = of(saved);
        boolean differs = !was.approval.equals(approval)
                || !was.execution.equals(execution)
                || was.businessHours != businessHours
                || !was.roles.equals(roles)
                || !was.memberEmails().equals(memberEmails())
                || !was.quorum.equals(quorum.strip().isEmpty() ? "1" : quorum.strip())
                || !was.expiresAfter.equals(expiresAfter.strip())
                || !was.remindAfter.equals(remindAfter.strip())
                || !was.escalateAfter.equals(escalateAfter.strip());
        return new BasicPolicyForm(
                approval,
                execution,
                businessHours,
                roles,
                members,
                quorum,
                expiresAfter,
                remindAfter,
                escalateAfter,
                differs);
    }

    /** A duration as the form shows it: whole hours as a number, anything finer as ISO-8601; empty for none. */
    static String hours(@Nullable Duration duration) {
        if (duration == null) {
            return "";
        }
        return duration.toSeconds() % 3600 == 0 && duration.getNano() == 0
                ? Long.toString(duration.toHours())
                : duration.toString();
    }

    /** Hours as typed (a number, or an ISO-8601 duration as {@link #hours} shows a finer one); null when empty. */
    static @Nullable Duration duration(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return null;
        }
        Duration duration;
        if (HOURS.matcher(text).matches()) {
            long seconds = new BigDecimal(text)
                    .multiply(BigDecimal.valueOf(3600))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            duration = Duration.ofSeconds(seconds);
        } else {
            try {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration", e);
            }
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return duration;
    }
}

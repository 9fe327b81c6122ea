package com.polaris.operator.action;

import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.GateSubject;
import com.polaris.operator.approval.NewGate;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.policy.ConditionFailed;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.policy.Route;
import com.polaris.operator.workspace.Members;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What an action's approval asks of people, worked out from the tool's policy and the action's
 * content: who decides it (the first route whose condition holds, else the policy's reviewers), how
 * long it waits, and the plain-words summary reviewers read first.
 */
@Component
@RequiredArgsConstructor
class Reviewing {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final int MAX_VALUE = 200;

    private final Policies policies;
    private final Catalog catalog;

    @Value("${polaris.approvals.expire-after}")
    private final Duration defaultExpiry;

    private final Members members;
    private final Clock clock;

    /** The gate an action opens when it needs a person, with what changed since its last approval. */
    NewGate gate(ActionRecord action, String approvalId, Instant now, @Nullable List<Map<String, Object>> changes) {
        Policy policy = policies.current(action.workspaceId(), action.tool()).policy();
        return new NewGate(
                approvalId,
                action.workspaceId(),
                action.id(),
                action.tool(),
                action.requestedById(),
                now,
                policy.approvalExpiresAfter() == null ? defaultExpiry : policy.approvalExpiresAfter(),
                policy.remindAfter(),
                policy.escalateAfter(),
                changes,
                reviewers(policy, action),
                summary(policy, action),
                GateSubject.ACTION);
    }

    /** What the tool's policy, read as stored now, asks of an action's approval. */
    record Plan(
            Reviewers reviewers,
            String summary,
            Duration expiresAfter,
            @Nullable Duration remindAfter,
            @Nullable Duration escalateAfter) {}

    Plan plan(ActionRecord action) {
        Policy policy = policies.stored(action.workspaceId(), action.tool()).policy();
        return new Plan(
                reviewers(policy, action),
                summary(policy, action),
                policy.approvalExpiresAfter() == null ? defaultExpiry : policy.approvalExpiresAfter(),
                policy.remindAfter(),
                policy.escalateAfter());
    }

    /** Who decides an action whose content a reviewer has just edited. */
    ApprovalService.Reroute reroute(ActionRecord edited) {
        Policy policy = policies.current(edited.workspaceId(), edited.tool()).policy();
        return new ApprovalService.Reroute(reviewers(policy, edited), summary(policy, edited));
    }

    /**
     * The first route whose condition holds for the action, else the policy's reviewers. A route whose
     * condition cannot be evaluated sends the approval to owners and admins, never to a laxer set.
     */
    Reviewers reviewers(Policy policy, ActionRecord action) {
        if (policy.routes().isEmpty()) {
            return policy.defaultReviewers();
        }
        String role = requesterRole(action);
        Instant now = clock.instant();
        for (Route route : policy.routes()) {
            try {
                if (RouteConditions.holds(route, action, role, now)) {
                    return route.reviewers();
                }
            } catch (ConditionFailed failed) {
                return Reviewers.OWNERS_AND_ADMINS;
            }
        }
        return policy.defaultReviewers();
    }

    /** The role of the member who asked for the action, now; null for an integration key or a member since removed. */
    @Nullable
    String requesterRole(ActionRecord action) {
        return "member".equals(action.requestedByType())
                ? members.member(action.workspaceId(), action.requestedById())
                        .map(m -> m.role().wire())
                        .orElse(null)
                : null;
    }

    /**
     * The policy's summary with each {@code {{args.x}}} replaced by that argument (shortened), or
     * the tool's title when the policy has none; a test run's starts with "Test run: ", so every
     * notification, email and chat post about its approval says so. Plain text: each place that
     * shows it escapes it.
     */
    String summary(Policy policy, ActionRecord action) {
        String summary = described(policy, action);
        return action.test() ? "Test run: " + summary : summary;
    }

    private String described(Policy policy, ActionRecord action) {
        String template = policy.review().summary();
        if (template == null) {
            return catalog.find(action.workspaceId(), action.tool())
                    .map(tool -> tool.title())
                    .orElse(action.tool());
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        var text = new StringBuilder();
        while (placeholder.find()) {
            JsonNode value = action.arguments().get(placeholder.group(1));
            String shown =
                    value == null || value.isNull() ? "" : value.isString() ? value.asString() : value.toString();
            if (shown.length() > MAX_VALUE) {
                shown = shown.substring(0, MAX_VALUE - 1) + "…";
            }
            placeholder.appendReplacement(text, Matcher.quoteReplacement(shown));
        }
        placeholder.appendTail(text);
        return text.toString();
    }
}

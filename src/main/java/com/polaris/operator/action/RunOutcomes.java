package com.polaris.operator.action;

import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.Backoff;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.notification.ActionNotice;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run came to, recorded on its action: completed, tried again after backoff (within business
 * hours), failed when it surely did not happen, or needs_review when it may have. Each outcome moves
 * the action through {@link ActionTransitions}, ends or reschedules its job and records its attempt.
 */
@Component
@RequiredArgsConstructor
class RunOutcomes {

    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final Jobs jobs;
    private final AuditLog audit;
    private final ActionAttempts attempts;
    private final ActionTransitions transitions;
    private final Clock clock;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    /**
     * An action taken for a run: {@code action} as it runs, {@code stored} its status in the
     * database. An internal tool's run commits in one transaction, so its running state and its
     * attempt are written once, with the outcome; an external one's are written before it leaves.
     */
    record Started(ActionRecord action, ActionStatus stored, boolean internal, Instant at) {}

    /** The writes of a batch's successful internal runs, made together before the batch commits. */
    final class Completions {

        private final List<Actions.Change> changes = new ArrayList<>();
        private final List<ActionAttempts.Run> runs = new ArrayList<>();
        private final List<ClaimedJob> jobs = new ArrayList<>();

        void add(Actions.Change change, ActionAttempts.Run run, ClaimedJob job) {
            changes.add(change);
            runs.add(run);
            jobs.add(job);
        }

        void write() {
            transitions.writeAll(changes);
            attempts.ranAll(runs);
            RunOutcomes.this.jobs.completeAll(jobs);
        }
    }

    Completions completions() {
        return new Completions();
    }

    void finish(ClaimedJob job, Started started, ToolResult result, @Nullable Completions completions) {
        ActionRecord action = started.action();
        Instant now = clock.instant();
        switch (result) {
            case ToolResult.Success success -> {
                JsonNode resultJson = json.valueToTree(success.result());
                var completed = transitions.checked(
                        action.withOutcome(resultJson, null).moveTo(ActionStatus.COMPLETED, now), started.stored());
                if (completions != null && started.internal()) {
                    completions.add(
                            completed,
                            new ActionAttempts.Run(action, jobs.nodeId(), started.at(), "completed", null, null, now),
                            job);
                } else {
                    transitions.write(completed.action(), completed.expected());
                    endAttempt(started, "completed", null, now);
                    jobs.complete(job);
                }
                audit.append(
                        action.workspaceId(),
                        AuditEventType.ACTION_COMPLETED,
                        Actor.SYSTEM,
                        ActionTransitions.subject(action.id()),
                        action.id(),
                        Map.of("attempt", action.attempts(), "result", resultJson));
            }
            case ToolResult.Failure failure -> {
                int maxAttempts = maxAttempts(action);
                if (failure.retryable() && job.attempts() < maxAttempts) {
                    Instant retryAt = retryAt(action, now, job.attempts(), failure.retryAfter());
                    transitions.write(
                            action.withOutcome(null, errorJson(failure))
                                    .withNotBefore(retryAt)
                                    .moveTo(ActionStatus.QUEUED, now),
                            started.stored());
                    endAttempt(started, "retry", failure, now);
                    jobs.reschedule(job, retryAt, failure.code());
                    var data = errorData(action, failure);
                    data.put("retryAt", retryAt.toString());
                    audit.append(
                            action.workspaceId(),
                            AuditEventType.ACTION_ATTEMPT_FAILED,
                            Actor.SYSTEM,
                            ActionTransitions.subject(action.id()),
                            action.id(),
                            data);
                } else {
                    ActionStatus end = fail(job, action, started.stored(), failure);
                    endAttempt(started, end.wire(), failure, now);
                }
            }
        }
    }

    private void endAttempt(Started started, String outcome, ToolResult.@Nullable Failure failure, Instant now) {
        String code = failure == null ? null : failure.code();
        String message = failure == null ? null : failure.message();
        if (started.internal()) {
            attempts.ran(
                    new ActionAttempts.Run(started.action(), jobs.nodeId(), started.at(), outcome, code, message, now));
        } else {
            attempts.ended(started.action(), outcome, code, message, now);
        }
    }

    /** Ends an action that may not start; an attempt a stopped node left open ends with it. */
    void failAtStart(ClaimedJob job, ActionRecord action, ToolResult.Failure failure) {
        ActionStatus end = fail(job, action, action.status(), failure);
        if (action.status() == ActionStatus.RUNNING) {
            attempts.ended(action, end.wire(), failure.code(), failure.message(), clock.instant());
        }
    }

    /**
     * Ends the action: needs_review when the work may have happened, failed when it definitely did
     * not. {@code stored} is its status in the database; the status it ended in is returned. Owners
     * and admins hear of it through an {@link ActionNotice} published in this transaction.
     */
    private ActionStatus fail(ClaimedJob job, ActionRecord action, ActionStatus stored, ToolResult.Failure failure) {
        ActionStatus end = failure.uncertain() ? ActionStatus.NEEDS_REVIEW : ActionStatus.FAILED;
        Instant now = clock.instant();
        if (transitions.write(action.withOutcome(null, errorJson(failure)).moveTo(end, now), stored)) {
            events.publishEvent(new ActionNotice(
                    action.workspaceId(),
                    action.id(),
                    action.tool(),
                    end == ActionStatus.NEEDS_REVIEW ? ActionNotice.Kind.NEEDS_REVIEW : ActionNotice.Kind.FAILED,
                    action.attempts(),
                    Caller.Type.MEMBER.wire().equals(action.requestedByType()) ? action.requestedById() : null,
                    failure.code()));
        }
        jobs.complete(job);
        audit.append(
                action.workspaceId(),
                end == ActionStatus.NEEDS_REVIEW ? AuditEventType.ACTION_NEEDS_REVIEW : AuditEventType.ACTION_FAILED,
                Actor.SYSTEM,
                ActionTransitions.subject(action.id()),
                action.id(),
                errorData(action, failure));
        return end;
    }

    private Instant retryAt(ActionRecord action, Instant now, int failedAttempt, Duration retryAfter) {
        Instant at = now.plus(Backoff.delay(failedAttempt, retryAfter, ThreadLocalRandom.current()));
        Tool tool = catalog.find(action.workspaceId(), action.tool()).orElseThrow();
        Instant opening = PolicyEngine.notBefore(rules(action, tool), schedules.of(action.workspaceId()), at);
        return opening == null ? at : opening;
    }

    EffectivePolicy rules(ActionRecord action, Tool tool) {
        return PolicyEngine.effective(
                tool.kind(), policies.current(action.workspaceId(), tool.name()).policy());
    }

    int maxAttempts(ActionRecord action) {
        return policies.current(action.workspaceId(), action.tool()).policy().maxAttempts();
    }

    private JsonNode errorJson(ToolResult.Failure failure) {
        var node = json.createObjectNode();
        node.put("code", failure.code());
        node.put("message", failure.message());
        node.put("retryable", failure.retryable());
        return node;
    }

    private static Map<String, Object> errorData(ActionRecord action, ToolResult.Failure failure) {
        var data = new LinkedHashMap<String, Object>();
        data.put("attempt", action.attempts());
        data.put("code", failure.code());
        data.put("message", failure.message());
        data.put("retryable", failure.retryable());
        return data;
    }
}

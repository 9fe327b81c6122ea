package com.polaris.operator.action;

import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.ApprovalViews;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.PolicySaved;
import java.time.Clock;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A policy saved while approvals of its tool are pending applies to them at once: saving enqueues
 * a job in the saving transaction, and the job works the decision's review part out again for each
 * pending approval of the tool (routes on its arguments, reviewers, quorum, summary, expiry and
 * follow-ups), a page at a time, each approval in its own transaction with its action locked first.
 * A save that is rolled back changes nothing; one that commits is applied even if a node stops.
 */
@Component
@RequiredArgsConstructor
class Reassessment implements JobHandler {

    static final String JOB = "approval.reassess";
    private static final int PAGE = 200;

    private final ApprovalService approvals;
    private final ApprovalViews views;
    private final Actions actions;
    private final Reviewing reviewing;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final Clock clock;

    @EventListener
    void onPolicySaved(PolicySaved saved) {
        jobs.enqueue(saved.workspaceId(), JOB, saved.tool(), clock.instant());
    }

    @Override
    public String kind() {
        return JOB;
    }

    /**
     * One page per run: a job's subject is the tool, or the tool and the last approval done
     * ({@code tool|apr_…}), so a long list is worked through by a chain of short jobs.
     */
    @Override
    public void handle(ClaimedJob job) {
        String[] subject = job.subjectId().split("\\|", 2);
        String tool = subject[0];
        var page = views.pendingOf(job.workspaceId(), tool, subject.length == 2 ? subject[1] : null, PAGE);
        for (var gate : page) {
            tx.executeWithoutResult(status -> reassess(job.workspaceId(), gate));
        }
        tx.executeWithoutResult(status -> {
            if (page.size() == PAGE) {
                jobs.enqueue(job.workspaceId(), JOB, tool + "|" + page.getLast().id(), clock.instant());
            }
            jobs.complete(job);
        });
    }

    private void reassess(String workspaceId, ApprovalViews.PendingGate gate) {
        var action = actions.lock(workspaceId, gate.subjectId()).orElse(null);
        if (action == null
                || action.status() != ActionStatus.PENDING_APPROVAL
                || !gate.id().equals(action.approvalId())) {
            return;
        }
        var plan = reviewing.plan(action);
        approvals.reassess(
                workspaceId,
                gate.id(),
                plan.reviewers(),
                plan.summary(),
                plan.expiresAfter(),
                plan.remindAfter(),
                plan.escalateAfter());
    }
}

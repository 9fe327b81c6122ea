package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.CanonicalJson;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Proposals: an agent's request becomes an action, once {@link ProposalChecks} passed it in their
 * fixed order. {@link ProposalStore} stores the action with its decision, its audit events and
 * either an approval gate or its job, in one transaction; an idempotency key makes a repeated
 * request return the first action.
 */
@Component
@RequiredArgsConstructor
public class Proposals {

    private static final Set<String> TEST_RUN_FIELDS = Set.of("arguments", "conversation", "reason");

    private final ActionService actions;
    private final ProposalChecks checks;
    private final IdempotencyKeys idempotencyKeys;
    private final ProposalStore store;
    private final Clock clock;
    private final JsonMapper json;
    private final CanonicalJson canonical;
    /**
     * Proposals arriving at the same moment share a transaction: one commit, one insert of their
     * actions and of their audit events, one usage count per workspace.
     */
    private final GroupCommit<ProposalStore.Proposal, ProposalStore.Stored> proposals;

    /** A proposal's answer: the action, and whether this request created it (201) or replayed it (200). */
    public record Proposed(ActionView action, boolean created) {}

    /** The way a proposal came in, kept in its {@code action.requested} audit event. */
    public enum Via {
        API("api"),
        MCP("mcp"),
        CONSOLE("console"),
        /** Prepared by the operator from a conversation, on behalf of the caller. */
        OPERATOR("operator");

        final String wire;

        Via(String wire) {
            this.wire = wire;
        }
    }

    /**
     * Proposes the action {@code body} asks for ({@code POST /api/v1/actions}'s body), whichever way
     * it came: every check, the approval gate, usage counting and the audit happen here.
     */
    public Proposed propose(Caller caller, JsonNode body, @Nullable String idempotencyKey, Via via) {
        ProposalRequest request = ProposalRequest.parse(body);
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
                throw new ApiProblem(
                        ApiProblem.Kind.MALFORMED,
                        "bad-idempotency-key",
                        "Bad Idempotency-Key",
                        "Idempotency-Key must be 1 to 255 characters.");
            }
            Optional<String> replay =
                    idempotencyKeys.claimOrReplay(caller.workspaceId(), idempotencyKey, canonical.hash(body));
            if (replay.isPresent()) {
                return new Proposed(actions.view(caller.workspaceId(), replay.get()), false);
            }
        }
        try {
            return new Proposed(create(caller, request, idempotencyKey, via, false), true);
        } catch (RuntimeException refused) {
            if (idempotencyKey != null) {
                idempotencyKeys.release(caller.workspaceId(), idempotencyKey);
            }
            throw refused;
        }
    }

    /**
     * A member's test run of a tool, a draft or a published one: body {@code {"arguments",
     * "conversation", "reason"}}. It is a real action, marked {@code test}, that takes every step a
     * proposal takes (checks, policy, approval, usage, audit), so the tool is tried exactly as
     * agents will use it once published.
     */
    public ActionView testRun(Caller caller, String toolName, @Nullable JsonNode body, Via via) {
        caller.requireMember();
        var unknown = RequestBodies.unknownFields(body, TEST_RUN_FIELDS);
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid("The test run is not valid.", unknown);
        }
        var proposal = json.createObjectNode();
        proposal.put("tool", toolName);
        proposal.setAll((ObjectNode) body);
        return create(caller, ProposalRequest.parse(proposal), null, via, true);
    }

    private ActionView create(
            Caller caller, ProposalRequest request, @Nullable String idempotencyKey, Via via, boolean test) {
        String workspaceId = caller.workspaceId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var checked = checks.proposal(
                caller,
                request.tool(),
                request.arguments(),
                request.conversation(),
                request.requestReview(),
                test,
                via == Via.OPERATOR,
                now);
        ProposalChecks.requireContext(checked.settings().policy().review(), request);
        Tool tool = checked.tool();
        Decision decision = checked.decision();
        String id = Ids.next("act");
        ActionStatus status = decision.approvalRequired()
                ? ActionStatus.PENDING_APPROVAL
                : decision.notBefore() != null ? ActionStatus.SCHEDULED : ActionStatus.QUEUED;
        String approvalId = decision.approvalRequired() ? Ids.next("apr") : null;
        var record = new ActionRecord(
                id,
                workspaceId,
                tool.name(),
                status,
                request.arguments(),
                request.conversation(),
                request.reason(),
                request.requestReview(),
                caller.type().wire(),
                caller.id(),
                caller.name(),
                ProposalChecks.decisionJson(json, decision),
                decision.notBefore(),
                approvalId,
                null,
                null,
                0,
                now,
                now,
                null,
                test,
                via == Via.OPERATOR,
                null,
                null);
        var proposal = new ProposalStore.Proposal(
                caller,
                request,
                record,
                decision,
                idempotencyKey,
                via,
                tool,
                checked.settings(),
                checked.standingApproval() == null
                        ? null
                        : checked.standingApproval().id(),
                null);
        var outcome = proposals.submit(proposal);
        ProposalStore.Stored stored =
                outcome.alone() ? store.store(List.of(proposal)).getFirst() : outcome.result();
        Objects.requireNonNull(stored);
        if (stored.runNow() == null) {
            ActionRecord kept = stored.record();
            return ActionView.of(kept, kept.approvalId() == null ? null : "pending");
        }
        actions.runNow(stored.runNow());
        return actions.view(workspaceId, id);
    }
}

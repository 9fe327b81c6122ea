package com.polaris.operator.batch;

import com.polaris.operator.Ids;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.BatchActions;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.CanonicalJson;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.workspace.UsageMeter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Action batches: a request for many items of one tool, checked item by item as single proposals
 * are, counted against the usage limit at once, stored with its items and (when the tool's policy or
 * the batch's size asks for a person) one approval gate. Once approved, or at once when no approval
 * is needed, {@link BatchFanOut} turns the items into actions a chunk at a time. The batch's row lock
 * orders everything that changes it: a decision, a cancel and each fan-out chunk.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class BatchService {

    private static final int CANCEL_CHUNK = 1000;

    private final Batches batches;
    private final BatchChecks checks;
    private final BatchActions actions;
    private final ApprovalService approvals;
    private final UsageMeter usage;
    private final Jobs jobs;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CanonicalJson canonical;
    private final ApplicationEventPublisher events;

    /** A batch's answer, and whether this request created it (201) or replayed an earlier one (200). */
    record Created(BatchView batch, boolean created) {}

    static String subject(String batchId) {
        return "batch:" + batchId;
    }

    /**
     * Creates a batch from {@code POST /api/v1/action-batches}'s body. Nothing is stored unless every
     * item is valid and the items fit under the usage limit. With an idempotency key, a request
     * repeated with the same body answers the batch the first created.
     */
    Created create(Caller caller, JsonNode body, @Nullable String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new ApiProblem(
                    ApiProblem.Kind.MALFORMED,
                    "bad-idempotency-key",
                    "Bad Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 characters.");
        }
        String requestHash = idempotencyKey == null ? null : canonical.hash(body);
        if (idempotencyKey != null) {
            var replay = replay(caller, idempotencyKey, requestHash);
            if (replay != null) {
                return replay;
            }
        }
        BatchChecks.Request request = BatchChecks.parse(body);
        Tool tool = actions.tool(caller, request.tool());
        usage.requireHeadroom(caller.workspaceId());
        checks.requireValidItems(caller, tool, request);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var assessment = actions.assess(caller, tool, request.items(), now);
        String id = Ids.next("bat");
        String approvalId = assessment.approvalRequired() ? Ids.next("apr") : null;
        var row = new Batches.BatchRow(
                id,
                caller.workspaceId(),
                tool.name(),
                approvalId == null ? BatchStatus.RUNNING : BatchStatus.PENDING_APPROVAL,
                request.items().size(),
                0,
                request.reason(),
                caller.type().wire(),
                caller.id(),
                caller.name(),
                approvalId,
                now,
                now,
                null);
        try {
            tx.executeWithoutResult(status -> {
                if (idempotencyKey != null) {
                    batches.useKey(caller.workspaceId(), idempotencyKey, Objects.requireNonNull(requestHash), id, now);
                }
                batches.insert(row);
                batches.insertItems(caller.workspaceId(), id, request.items());
                audit.newSubject(caller.workspaceId(), subject(id));
                var data = new LinkedHashMap<String, Object>();
                data.put("tool", tool.name());
                data.put("count", request.items().size());
                data.put("reason", request.reason());
                data.put("approvalRequired", assessment.approvalRequired());
                data.put("reasons", assessment.reasons());
                audit.append(
                        caller.workspaceId(), AuditEventType.BATCH_CREATED, caller.actor(), subject(id), null, data);
                if (approvalId != null) {
                    actions.openGate(
                            caller, id, approvalId, assessment, request.items().size(), now);
                } else {
                    jobs.enqueue(caller.workspaceId(), BatchFanOut.FAN_OUT_JOB, id, now);
                }
                usage.count(caller.workspaceId(), request.items().size());
            });
        } catch (DuplicateKeyException raced) {
            var replay = replay(caller, Objects.requireNonNull(idempotencyKey), requestHash);
            if (replay != null) {
                return replay;
            }
            throw ApiProblem.idempotencyKeyInFlight();
        }
        return new Created(view(caller.workspaceId(), id), true);
    }

    private @Nullable Created replay(Caller caller, String key, @Nullable String requestHash) {
        var used = batches.keyUse(caller.workspaceId(), key).orElse(null);
        if (used == null) {
            return null;
        }
        if (!used.requestHash().equals(requestHash)) {
            throw ApiProblem.idempotencyKeyReused();
        }
        return new Created(view(caller.workspaceId(), used.batchId()), false);
    }

    public BatchView view(Caller caller, String id) {
        return view(caller.workspaceId(), id);
    }

    BatchView view(String workspaceId, String id) {
        var row = batches.find(workspaceId, id).orElseThrow(() -> ApiProblem.notFound("The batch"));
        return view(row, approvalStatuses(workspaceId, List.of(row)));
    }

    public Page<BatchView> list(Caller caller, @Nullable String status, PageRequest page) {
        BatchStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = java.util.Arrays.stream(BatchStatus.values())
                    .filter(s -> s.wire().equals(status))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.badParameter("status must be one of the batch statuses"));
        }
        var rows = batches.list(caller.workspaceId(), filter, page);
        var statuses = approvalStatuses(caller.workspaceId(), rows.items());
        return rows.map(row -> view(row, statuses));
    }

    public Page<ActionView> items(Caller caller, String id, PageRequest page) {
        batches.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The batch"));
        return actions.page(caller.workspaceId(), id, page);
    }

    /** Streams every item of the batch as submitted, a chunk at a time, to {@code each}; 404 for another workspace's. */
    void submitted(Caller caller, String id, Consumer<BatchActions.Item> each) {
        batches.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The batch"));
        int from = 0;
        while (true) {
            var chunk = batches.items(id, from, 500);
            chunk.forEach(each);
            if (chunk.size() < 500) {
                return;
            }
            from = chunk.getLast().index() + 1;
        }
    }

    /**
     * Writes every item of the batch as submitted to {@code out}, a chunk at a time: {@code {"batchId",
     * "tool", "count", "items": [{"index", "arguments", "conversation"}]}}.
     */
    public void writeSubmitted(Caller caller, BatchView batch, java.io.OutputStream out) {
        try (var generator = canonical.mapper().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("batchId", batch.id());
            generator.writeStringProperty("tool", batch.tool());
            generator.writeNumberProperty("count", batch.count());
            generator.writeArrayPropertyStart("items");
            submitted(caller, batch.id(), item -> {
                generator.writeStartObject();
                generator.writeNumberProperty("index", item.index());
                generator.writePOJOProperty("arguments", item.arguments());
                generator.writePOJOProperty("conversation", item.conversation());
                generator.writeEndObject();
            });
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    /**
     * Cancels a batch: a pending approval is withdrawn; a running batch stops fanning out and every
     * item's action that has not started is cancelled. Actions already running finish. Members who
     * may operate actions, or the integration key that sent the batch, may cancel it.
     */
    public BatchView cancel(Caller caller, String id) {
        tx.executeWithoutResult(status -> {
            var row = batches.lock(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The batch"));
            if (caller.isMember()) {
                caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
            } else if (!row.requestedById().equals(caller.id())) {
                throw ApiProblem.forbidden("An integration key may cancel only the batches it sent.");
            }
            if (row.status().ended()) {
                throw ApiProblem.conflict(
                        "invalid-transition", "A batch that is " + row.status().wire() + " cannot be cancelled.");
            }
            Instant now = clock.instant();
            if (row.status() == BatchStatus.PENDING_APPROVAL && row.approvalId() != null) {
                approvals.withdraw(caller.workspaceId(), row.approvalId());
            }
            batches.move(id, row.status(), BatchStatus.CANCELLED, now, true);
            int cancelled = 0;
            int chunk;
            do {
                chunk = actions.cancelUnstarted(caller.workspaceId(), id, caller.actor(), now, CANCEL_CHUNK);
                cancelled += chunk;
            } while (chunk == CANCEL_CHUNK);
            jobs.cancel(caller.workspaceId(), BatchFanOut.FAN_OUT_JOB, id);
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.BATCH_CANCELLED,
                    caller.actor(),
                    subject(id),
                    null,
                    Map.of("from", row.status().wire(), "cancelledActions", cancelled));
        });
        return view(caller.workspaceId(), id);
    }

    private Map<String, String> approvalStatuses(String workspaceId, List<Batches.BatchRow> rows) {
        var ids = rows.stream()
                .map(Batches.BatchRow::approvalId)
                .filter(Objects::nonNull)
                .toList();
        return ids.isEmpty() ? Map.of() : approvals.statuses(workspaceId, ids);
    }

    private BatchView view(Batches.BatchRow row, Map<String, String> approvalStatuses) {
        return new BatchView(
                row.id(),
                row.tool(),
                row.status(),
                row.count(),
                row.status() == BatchStatus.PENDING_APPROVAL ? Map.of() : actions.counts(row.workspaceId(), row.id()),
                row.approvalId() == null
                        ? null
                        : new BatchView.ApprovalRef(
                                row.approvalId(), approvalStatuses.getOrDefault(row.approvalId(), "pending")),
                row.reason(),
                new ActionView.RequestedBy(row.requestedByType(), row.requestedById(), row.requestedByName()),
                row.createdAt(),
                row.updatedAt(),
                row.endedAt());
    }

    /** Ends a running batch whose items' actions have all ended, and announces it, in the caller's transaction. */
    void complete(Batches.BatchRow row, Map<String, Long> counts) {
        boolean clean = counts.keySet().stream().allMatch("completed"::equals);
        Instant now = clock.instant();
        BatchStatus ended = clean ? BatchStatus.COMPLETED : BatchStatus.COMPLETED_WITH_ERRORS;
        if (!batches.move(row.id(), BatchStatus.RUNNING, ended, now, true)) {
            return;
        }
        audit.append(
                row.workspaceId(),
                AuditEventType.BATCH_COMPLETED,
                Actor.SYSTEM,
                subject(row.id()),
                null,
                Map.of("status", ended.wire(), "counts", counts));
        events.publishEvent(new BatchCompleted(
                row.workspaceId(), view(row.workspaceId(), row.id()), now.truncatedTo(ChronoUnit.MILLIS)));
    }
}

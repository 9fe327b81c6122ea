package com.polaris.operator.action;

import com.polaris.operator.action.ActionApprovals.ApprovalView;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.identity.Caller;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Decides several approvals at once. The whole request is checked first (who is asking, then every
 * field at once), and nothing is decided when it is refused. Each id is then decided on its own
 * through the single-decision path ({@link ActionApprovals#approve}, {@link ActionApprovals#reject}),
 * outside any transaction of this class, so each decision commits in a transaction of its own,
 * is checked and audited exactly as a single decision is, and one refused item never undoes another.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ApprovalDecisions {

    /** The most ids one request may decide. */
    public static final int MAX_IDS = 100;

    private static final int MAX_TEXT = 2000;

    private final ActionApprovals approvals;

    /** What was asked: approve (with an optional comment) or reject (with a reason). */
    public enum Decision {
        APPROVE,
        REJECT
    }

    /**
     * What became of one id: the approval as the caller now sees it (null when it does not exist for
     * the caller, which is also what another workspace's approval looks like), and the refusal when
     * it was not decided.
     */
    public record Outcome(
            String id,
            @Nullable ApprovalView approval,
            @Nullable ApiProblem error) {

        /** The approval's status now, or null when it does not exist for the caller. */
        public @Nullable String status() {
            return approval == null ? null : approval.status();
        }

        public boolean decided() {
            return error == null;
        }
    }

    /**
     * Decides each of {@code ids} in their order; {@code comment} goes with an approval, {@code
     * reason} (required) with a rejection. Refused as a whole (403, or 422 listing every field
     * problem) before anything is decided; after that, each id's refusal is its outcome's error.
     */
    public List<Outcome> decide(
            Caller caller,
            @Nullable List<@Nullable String> ids,
            @Nullable String decision,
            @Nullable String comment,
            @Nullable String reason) {
        return decide(caller, ids, decision, comment, reason, List.of());
    }

    /**
     * {@link #decide(Caller, List, String, String, String)} for a body in which {@code unreadable}
     * lists what could not be read (an unknown field, a value of the wrong type): those problems
     * are listed with the others, and a field named there is not reported again.
     */
    List<Outcome> decide(
            Caller caller,
            @Nullable List<@Nullable String> ids,
            @Nullable String decision,
            @Nullable String comment,
            @Nullable String reason,
            List<FieldProblem> unreadable) {
        caller.requireMember();
        var errors = new ArrayList<FieldProblem>();
        checkIds(ids, errors);
        Decision chosen = decision(decision, errors);
        if (chosen == Decision.REJECT && (reason == null || reason.isBlank())) {
            errors.add(new FieldProblem("reason", "is required to reject"));
        }
        checkLength("comment", comment, errors);
        checkLength("reason", reason, errors);
        if (!unreadable.isEmpty()) {
            var named = unreadable.stream().map(FieldProblem::field).collect(Collectors.toSet());
            var all = new ArrayList<>(unreadable);
            errors.stream().filter(e -> !named.contains(e.field())).forEach(all::add);
            throw ApiProblem.invalid("The request is not valid.", all);
        }
        if (!errors.isEmpty() || ids == null || chosen == null) {
            throw ApiProblem.invalid("The request is not valid.", errors);
        }
        var outcomes = new ArrayList<Outcome>(ids.size());
        for (String id : ids) {
            outcomes.add(
                    decideOne(caller, id == null ? "" : id, chosen, chosen == Decision.APPROVE ? comment : reason));
        }
        return outcomes;
    }

    private Outcome decideOne(Caller caller, String id, Decision decision, @Nullable String text) {
        try {
            var decided = decision == Decision.APPROVE
                    ? approvals.approve(caller, id, text, null)
                    : approvals.reject(caller, id, text);
            return new Outcome(id, decided, null);
        } catch (ApiProblem refused) {
            return new Outcome(id, seenBy(caller, id), refused);
        }
    }

    /** The approval as the caller sees it, or null when it does not exist for them. */
    private @Nullable ApprovalView seenBy(Caller caller, String id) {
        try {
            return approvals.view(caller, id);
        } catch (ApiProblem notVisible) {
            return null;
        }
    }

    private static void checkIds(@Nullable List<@Nullable String> ids, List<FieldProblem> errors) {
        if (ids == null) {
            errors.add(new FieldProblem("ids", "is required"));
            return;
        }
        if (ids.isEmpty()) {
            errors.add(new FieldProblem("ids", "must list at least one approval"));
            return;
        }
        if (ids.size() > MAX_IDS) {
            errors.add(new FieldProblem("ids", "must list at most " + MAX_IDS + " approvals"));
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                errors.add(new FieldProblem("ids[" + i + "]", "must not be blank"));
                continue;
            }
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                errors.add(new FieldProblem("ids[" + i + "]", "repeats ids[" + first + "]"));
            }
        }
    }

    private static @Nullable Decision decision(@Nullable String decision, List<FieldProblem> errors) {
        if (decision == null || decision.isBlank()) {
            errors.add(new FieldProblem("decision", "is required"));
            return null;
        }
        return switch (decision) {
            case "approve" -> Decision.APPROVE;
            case "reject" -> Decision.REJECT;
            default -> {
                errors.add(new FieldProblem("decision", "must be one of approve, reject"));
                yield null;
            }
        };
    }

    private static void checkLength(String field, @Nullable String text, List<FieldProblem> errors) {
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new FieldProblem(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }
}

package com.polaris.operator.standing;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.ObjectFields;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.WorkspaceRows;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionFailed;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.InvalidCondition;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.workspace.Members;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's standing approvals. Granted by an owner or admin who may also decide the tool's
 * approvals (its policy's default reviewers), for an internal tool only, with a condition compiled
 * when it is saved. Which one matches a proposal is always read from the database, so a revocation
 * holds at once on every node; a use is counted by one conditional update in the transaction that
 * stores the proposal, so uses never exceed {@code maxUses} however many proposals race, and a
 * proposal that rolls back gives its use back.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class StandingApprovals {

    /** The most uses one standing approval may grant. */
    public static final int MAX_USES = 1_000_000;
    /** How far ahead a standing approval may last. */
    public static final Duration LONGEST = Duration.ofDays(365);

    static final int MAX_NOTE_LENGTH = 500;

    private static final ObjectFields FIELDS =
            new ObjectFields("a standing approval", "tool", "when", "expiresAt", "maxUses", "note");
    private static final String COLUMNS = "id, tool, expression, expires_at, max_uses, uses, note, revoked_at,"
            + " created_by, created_by_name, created_at";
    private static final WorkspaceRows<StandingApproval> ROWS =
            new WorkspaceRows<>("standing_approvals", COLUMNS, StandingApprovals::map, StandingApproval::id);

    /** Who granted a standing approval. */
    public record CreatedBy(String id, String name) {}

    /** A standing approval as the API shows it. */
    public record StandingApproval(
            String id,
            String tool,
            String when,
            Instant expiresAt,
            int maxUses,
            int uses,
            @Nullable String note,
            @Nullable Instant revokedAt,
            CreatedBy createdBy,
            Instant createdAt) {

        /** Whether it may still approve a proposal at {@code now}. */
        public boolean active(Instant now) {
            return revokedAt == null && now.isBefore(expiresAt) && uses < maxUses;
        }
    }

    /** A use counted for one proposal: the standing approval and the count it reached. */
    public record Use(String id, int uses, int maxUses) {}

    private record Parsed(
            Tool tool,
            String when,
            Instant expiresAt,
            int maxUses,
            @Nullable String note) {}

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Policies policies;
    private final Members members;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * Grants a standing approval from {@code body}; anything invalid is a 422 and stores nothing. Only
     * an owner or admin whom the tool's policy lets decide its approvals may grant one.
     */
    @Transactional
    public StandingApproval create(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        String workspaceId = caller.workspaceId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Parsed parsed = parse(workspaceId, body, now);
        requireMayDecide(caller, parsed.tool().name());
        String id = Ids.next("sa");
        jdbc.sql("""
                        insert into standing_approvals (id, workspace_id, tool, expression, expires_at, max_uses, uses,
                            note, created_by, created_by_name, created_at)
                        values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                .params(
                        id,
                        workspaceId,
                        parsed.tool().name(),
                        parsed.when(),
                        Timestamp.from(parsed.expiresAt()),
                        parsed.maxUses(),
                        parsed.note(),
                        caller.id(),
                        caller.name(),
                        Timestamp.from(now))
                .update();
        audit.newSubject(workspaceId, subject(id));
        var data = new LinkedHashMap<String, Object>();
        data.put("tool", parsed.tool().name());
        data.put("when", parsed.when());
        data.put("expiresAt", parsed.expiresAt().toString());
        data.put("maxUses", parsed.maxUses());
        data.put("note", parsed.note());
        audit.append(workspaceId, AuditEventType.STANDING_APPROVAL_CREATED, caller.actor(), subject(id), null, data);
        return find(workspaceId, id).orElseThrow();
    }

    /** The workspace's standing approvals with their use counts, newest first (owners, admins). */
    public Page<StandingApproval> list(Caller caller, PageRequest page) {
        caller.requireConfigurer();
        return ROWS.page(jdbc, caller.workspaceId(), page);
    }

    /** One standing approval of the caller's workspace; 404 for any other. */
    public StandingApproval get(Caller caller, String id) {
        caller.requireConfigurer();
        return find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The standing approval"));
    }

    /**
     * Revokes a standing approval: no proposal uses it from the moment this commits, on any node.
     * Revoking one already revoked answers it as it is.
     */
    @Transactional
    public StandingApproval revoke(Caller caller, String id) {
        StandingApproval current = get(caller, id);
        requireMayDecide(caller, current.tool());
        if (current.revokedAt() != null) {
            return current;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int changed = jdbc.sql("""
                        update standing_approvals set revoked_at = ?, revoked_by = ?
                        where workspace_id = ? and id = ? and revoked_at is null""")
                .params(Timestamp.from(now), caller.id(), caller.workspaceId(), id)
                .update();
        if (changed == 1) {
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.STANDING_APPROVAL_REVOKED,
                    caller.actor(),
                    subject(id),
                    null,
                    Map.of("tool", current.tool(), "uses", current.uses()));
        }
        return find(caller.workspaceId(), id).orElseThrow();
    }

    /**
     * What the standing approvals of a tool make of a proposal: the oldest one that may approve it
     * ({@code found}, null: none), and a sentence for each one passed over because its condition
     * could not be evaluated (it does not match; the decision's reasons say so).
     */
    public record Match(@Nullable StandingApproval found, List<String> failures) {}

    /**
     * The oldest standing approval of {@code tool} that may approve a proposal at {@code now} and
     * whose condition holds for {@code input}; one whose condition fails to evaluate does not match.
     * Read from the database, never from a cache.
     */
    public Match matching(String workspaceId, String tool, ConditionInput input, Instant now) {
        List<StandingApproval> candidates = jdbc.sql("select " + COLUMNS + """
                         from standing_approvals
                        where workspace_id = ? and tool = ? and revoked_at is null and expires_at > ?
                          and uses < max_uses
                        order by id""")
                .params(workspaceId, tool, Timestamp.from(now))
                .query(StandingApprovals::map)
                .list();
        var failures = new ArrayList<String>();
        for (StandingApproval candidate : candidates) {
            try {
                if (Condition.compile(candidate.when()).test(input)) {
                    return new Match(candidate, failures);
                }
            } catch (ConditionFailed | InvalidCondition failed) {
                failures.add("Standing approval " + candidate.id() + " does not apply: its condition could not be"
                        + " evaluated (" + failed.getMessage() + ")");
            }
        }
        return new Match(null, failures);
    }

    /**
     * Counts one use of the standing approval in the caller's transaction, if it still has one left
     * at {@code now} and is not revoked: empty when it has none (the proposal then needs a person).
     * The update waits for any other transaction using the same standing approval and checks again
     * what it committed, so uses never exceed {@code maxUses}; a rollback gives the use back.
     */
    public Optional<Use> use(String workspaceId, String id, Instant now) {
        int changed = jdbc.sql("""
                        update standing_approvals set uses = uses + 1
                        where workspace_id = ? and id = ? and uses < max_uses and revoked_at is null
                          and expires_at > ?""").params(workspaceId, id, Timestamp.from(now)).update();
        if (changed == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select uses, max_uses from standing_approvals where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query((rs, row) -> new Use(id, rs.getInt("uses"), rs.getInt("max_uses")))
                .optional();
    }

    private Optional<StandingApproval> find(String workspaceId, String id) {
        return ROWS.find(jdbc, workspaceId, id);
    }

    /** 403 unless the tool's default reviewers include the caller, by role or by email. */
    private void requireMayDecide(Caller caller, String tool) {
        Reviewers reviewers =
                policies.current(caller.workspaceId(), tool).policy().defaultReviewers();
        Role role = caller.role();
        boolean byRole = role != null && reviewers.roles().contains(role);
        boolean named = !reviewers.members().isEmpty()
                && members.member(caller.workspaceId(), caller.id())
                        .map(m -> reviewers.members().contains(m.email()))
                        .orElse(false);
        if (!byRole && !named) {
            throw ApiProblem.forbidden("Only a member who may decide the approvals of '" + tool
                    + "' may grant or revoke its standing approvals.");
        }
    }

    static String subject(String id) {
        return "standing-approval:" + id;
    }

    private Parsed parse(String workspaceId, JsonNode body, Instant now) {
        List<FieldProblem> errors = FIELDS.unknownIn(body);
        Tool tool = null;
        JsonNode toolName = body.path("tool");
        if (!toolName.isString() || toolName.asString().isBlank()) {
            errors.add(new FieldProblem("tool", "is required, the name of an internal tool"));
        } else {
            tool = catalog.find(workspaceId, toolName.asString()).orElse(null);
            if (tool == null) {
                errors.add(new FieldProblem("tool", "is not a tool of this workspace"));
            } else if (tool.kind() == ToolKind.EXTERNAL) {
                errors.add(new FieldProblem(
                        "tool", "is an external tool: external tools always need a person for each request"));
            }
        }
        JsonNode when = body.path("when");
        if (!when.isString() || when.asString().isBlank()) {
            errors.add(new FieldProblem("when", "is required, a condition (CEL) that must hold, e.g. \"true\""));
        } else {
            try {
                Condition.compile(when.asString());
            } catch (InvalidCondition invalid) {
                errors.add(invalid.toFieldProblem("when"));
            }
        }
        Instant expiresAt = null;
        JsonNode expires = body.path("expiresAt");
        if (!expires.isString()) {
            errors.add(new FieldProblem("expiresAt", "is required, a date and time with an offset"));
        } else {
            try {
                expiresAt = OffsetDateTime.parse(expires.asString()).toInstant().truncatedTo(ChronoUnit.MICROS);
                if (!expiresAt.isAfter(now)) {
                    errors.add(new FieldProblem("expiresAt", "must be in the future"));
                } else if (expiresAt.isAfter(now.plus(LONGEST))) {
                    errors.add(new FieldProblem("expiresAt", "must be at most 365 days ahead"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem(
                        "expiresAt", "is not a date and time with an offset, like 2026-12-31T18:00:00Z"));
            }
        }
        JsonNode uses = body.path("maxUses");
        if (!uses.isIntegralNumber() || !uses.canConvertToInt() || uses.asInt() < 1 || uses.asInt() > MAX_USES) {
            errors.add(new FieldProblem("maxUses", "is required, a whole number from 1 to " + MAX_USES));
        }
        JsonNode note = body.path("note");
        String text = null;
        if (note.isString()) {
            text = note.asString().strip();
            if (text.length() > MAX_NOTE_LENGTH) {
                errors.add(new FieldProblem("note", "must be at most " + MAX_NOTE_LENGTH + " characters"));
            }
        } else if (!note.isMissingNode() && !note.isNull()) {
            errors.add(new FieldProblem("note", "must be text"));
        }
        if (!errors.isEmpty() || tool == null || expiresAt == null) {
            throw ApiProblem.invalid("The standing approval is not valid.", errors);
        }
        return new Parsed(tool, when.asString(), expiresAt, uses.asInt(), text == null || text.isEmpty() ? null : text);
    }

    private static StandingApproval map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new StandingApproval(
                rs.getString("id"),
                rs.getString("tool"),
                rs.getString("expression"),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getInt("max_uses"),
                rs.getInt("uses"),
                rs.getString("note"),
                revoked == null ? null : revoked.toInstant(),
                new CreatedBy(rs.getString("created_by"), rs.getString("created_by_name")),
                rs.getTimestamp("created_at").toInstant());
    }
}

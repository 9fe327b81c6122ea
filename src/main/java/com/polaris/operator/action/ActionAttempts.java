package com.polaris.operator.action;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every run of an action's tool: start, end, node and outcome, so a person sees each try. */
@Component
@RequiredArgsConstructor
class ActionAttempts {

    private static final String RAN = """
            insert into action_attempts (action_id, attempt, workspace_id, node, started_at, ended_at, outcome,
                error_code, error_message)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    /** One try; {@code outcome} is null while it runs, {@code abandoned} when its node stopped mid-run. */
    record Attempt(
            int attempt,
            String node,
            Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable String outcome,
            @Nullable String errorCode,
            @Nullable String errorMessage) {}

    void started(ActionRecord action, String node, Instant at) {
        jdbc.sql("""
                        update action_attempts set ended_at = ?, outcome = 'abandoned'
                        where action_id = ? and ended_at is null""").params(Timestamp.from(at), action.id()).update();
        jdbc.sql("""
                        insert into action_attempts (action_id, attempt, workspace_id, node, started_at)
                        values (?, ?, ?, ?, ?)""")
                .params(action.id(), action.attempts(), action.workspaceId(), node, Timestamp.from(at))
                .update();
    }

    void ended(
            ActionRecord action,
            String outcome,
            @Nullable String errorCode,
            @Nullable String errorMessage,
            Instant at) {
        jdbc.sql("""
                        update action_attempts set ended_at = ?, outcome = ?, error_code = ?, error_message = ?
                        where action_id = ? and attempt = ?""")
                .params(Timestamp.from(at), outcome, errorCode, errorMessage, action.id(), action.attempts())
                .update();
    }

    /** A whole try of an internal tool, written once with its outcome (it ran inside one transaction). */
    record Run(
            ActionRecord action,
            String node,
            Instant startedAt,
            String outcome,
            @Nullable String errorCode,
            @Nullable String errorMessage,
            Instant endedAt) {

        private Object[] params() {
            return new Object[] {
                action.id(),
                action.attempts(),
                action.workspaceId(),
                node,
                Timestamp.from(startedAt),
                Timestamp.from(endedAt),
                outcome,
                errorCode,
                errorMessage
            };
        }
    }

    void ran(Run run) {
        jdbc.sql(RAN).params(run.params()).update();
    }

    /** Writes several whole tries in one round trip. */
    void ranAll(List<Run> runs) {
        if (!runs.isEmpty()) {
            batches.batchUpdate(RAN, runs.stream().map(Run::params).toList());
        }
    }

    List<Attempt> of(String workspaceId, String actionId) {
        return jdbc.sql("""
                        select attempt, node, started_at, ended_at, outcome, error_code, error_message
                        from action_attempts where workspace_id = ? and action_id = ? order by attempt""")
                .params(workspaceId, actionId)
                .query((rs, n) -> {
                    Timestamp ended = rs.getTimestamp(4);
                    return new Attempt(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            ended == null ? null : ended.toInstant(),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7));
                })
                .list();
    }
}

package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.database.SeparateTransactions;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} of proposals. A key is claimed in its own short transaction before the
 * proposal is processed, so a concurrent request with the same key sees it at once (409 while in
 * flight); the key is linked to its action in the proposal's own transaction, so a replay after a
 * crash finds the action. A key whose request was refused or died without storing anything is freed.
 */
@Component
@RequiredArgsConstructor
class IdempotencyKeys {

    /** A claim older than this with no action is from a request that died; it may be taken over. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final SeparateTransactions newTransaction;
    private final Clock clock;

    /** Claims the key for this request; or the action of an earlier identical request (a replay). */
    Optional<String> claimOrReplay(String workspaceId, String key, String requestHash) {
        for (int round = 0; round < 3; round++) {
            try {
                newTransaction.executeWithoutResult(status -> jdbc.sql("""
                                insert into idempotency_keys (workspace_id, idem_key, request_hash, action_id, created_at)
                                values (?, ?, ?, null, ?)""")
                        .params(workspaceId, key, requestHash, Timestamp.from(clock.instant()))
                        .update());
                return Optional.empty();
            } catch (DuplicateKeyException taken) {
                var existing = jdbc.sql("""
                                select request_hash, action_id, created_at from idempotency_keys
                                where workspace_id = ? and idem_key = ?""")
                        .params(workspaceId, key)
                        .query((rs, n) -> new Claim(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant()))
                        .optional();
                if (existing.isEmpty()) {
                    continue;
                }
                Claim claim = existing.get();
                if (!claim.requestHash().equals(requestHash)) {
                    throw ApiProblem.idempotencyKeyReused();
                }
                if (claim.actionId() != null) {
                    return Optional.of(claim.actionId());
                }
                if (claim.createdAt().plus(ABANDONED_AFTER).isAfter(clock.instant())) {
                    throw ApiProblem.idempotencyKeyInFlight();
                }
                release(workspaceId, key);
            }
        }
        throw ApiProblem.idempotencyKeyInFlight();
    }

    /** Links the key to the action, in the transaction that stores the action. */
    @Transactional(propagation = Propagation.MANDATORY)
    void link(String workspaceId, String key, String actionId) {
        jdbc.sql("update idempotency_keys set action_id = ? where workspace_id = ? and idem_key = ?")
                .params(actionId, workspaceId, key)
                .update();
    }

    /** Frees a key whose request stored nothing. */
    void release(String workspaceId, String key) {
        newTransaction.executeWithoutResult(status -> jdbc.sql(
                        "delete from idempotency_keys where workspace_id = ? and idem_key = ? and action_id is null")
                .params(workspaceId, key)
                .update());
    }

    private record Claim(String requestHash, @Nullable String actionId, Instant createdAt) {}
}

package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts proposals per workspace and calendar month (UTC), and never lets a workspace count more
 * than its limit, however many proposals race for the last ones. The count is spread over 64 counter
 * rows, each proposal of a node taking one that no other transaction of the node holds, so
 * concurrent proposals of one workspace do not queue on one row.
 *
 * <p>Each row also holds an allowance, its share of what the limit leaves: a proposal is counted on
 * its row only within that row's allowance, so the rows together never pass the limit, and no
 * proposal needs to see the others' rows. Only when a row's allowance runs out are all the rows of
 * the workspace's month locked and what is left shared out again (or, at the limit, the proposal
 * refused). A workspace without a limit has no allowances to run out of, and one far from its limit
 * rarely runs out, so proposals serialise only near the limit, where sharing out happens more and
 * more often. Each node caches every workspace's limit (setting one is announced to {@link Changes})
 * for the early check before a proposal's transaction.
 */
@Component
@RequiredArgsConstructor
public class UsageMeter {

    static final int SHARDS = 64;
    static final String CACHE = "usage_limits";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final SettingsCache<String, OptionalInt> limits;
    /** Per workspace, the month whose counter rows this node has made sure exist. */
    private final Map<String, String> preparedPeriod = new ConcurrentHashMap<>();

    private final Queue<Integer> freeShards = new ConcurrentLinkedQueue<>(shuffledShards());

    /** This month's proposals against the limit, and the tokens the operator's model used this month. */
    public record Usage(String period, @Nullable Integer limit, long used, ModelTokens modelTokens) {}

    /** Tokens the workspace's model read ({@code prompt}) and wrote ({@code completion}), as its answers reported them. */
    public record ModelTokens(long prompt, long completion) {}

    /** This month's proposals when the workspace has used all it may make this month. */
    public record LimitReached(String period, int limit, long used) {}

    /**
     * This month's proposals when the workspace has reached its limit (what the console's banner
     * says), else empty. The limit is this node's cached one, so a workspace without a limit costs
     * no statement; one with a limit, the sum of its counters.
     */
    public Optional<LimitReached> limitReached(String workspaceId) {
        OptionalInt limit = limits.get(workspaceId, this::storedLimit);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        String period = period();
        long used = used(workspaceId, period);
        return used >= limit.getAsInt()
                ? Optional.of(new LimitReached(period, limit.getAsInt(), used))
                : Optional.empty();
    }

    /** This month's usage as stored, read fresh from the database. */
    public Usage usage(String workspaceId) {
        String period = period();
        OptionalInt limit = storedLimit(workspaceId);
        return new Usage(
                period,
                limit.isPresent() ? limit.getAsInt() : null,
                used(workspaceId, period),
                modelTokens(workspaceId, period));
    }

    /**
     * Adds what one call of the operator's model used to this month's token counts. The counts are
     * shown, not limited: the proposal limit is what {@link #requireHeadroom} enforces before a call.
     */
    public void countModelTokens(String workspaceId, long prompt, long completion) {
        if (prompt <= 0 && completion <= 0) {
            return;
        }
        String period = period();
        jdbc.sql("""
                        insert into model_token_usage (workspace_id, period, prompt_tokens, completion_tokens)
                        values (?, ?, 0, 0) on conflict do nothing""").params(workspaceId, period).update();
        jdbc.sql("""
                        update model_token_usage
                        set prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?
                        where workspace_id = ? and period = ?""")
                .params(Math.max(0, prompt), Math.max(0, completion), workspaceId, period)
                .update();
    }

    private ModelTokens modelTokens(String workspaceId, String period) {
        return jdbc.sql("""
                        select prompt_tokens, completion_tokens from model_token_usage
                        where workspace_id = ? and period = ?""")
                .params(workspaceId, period)
                .query((rs, n) -> new ModelTokens(rs.getLong(1), rs.getLong(2)))
                .optional()
                .orElse(new ModelTokens(0, 0));
    }

    /**
     * Refuses with 429 when the workspace has used its monthly proposals. Called before the
     * proposal's transaction, it spares a proposal that cannot be counted its work, and makes sure
     * this month's counter rows exist, created outside that transaction so that two nodes creating
     * them at once cannot spoil it. Proposals that pass it together may still be too many:
     * {@link #count} decides.
     */
    public void requireHeadroom(String workspaceId) {
        String period = period();
        if (!period.equals(preparedPeriod.get(workspaceId))) {
            // One preparer per workspace on this node: the embedded H2 database refuses a second
            // transaction inserting the same rows at once ("concurrent update") where PostgreSQL waits.
            preparedPeriod.compute(workspaceId, (workspace, prepared) -> {
                if (!period.equals(prepared)) {
                    insertRows(workspace, period);
                }
                return period;
            });
        }
        OptionalInt limit = limits.get(workspaceId, this::storedLimit);
        if (limit.isPresent() && used(workspaceId, period) >= limit.getAsInt()) {
            throw limitReached(limit.getAsInt(), period);
        }
    }

    /** Makes sure the month's counter rows exist, in one statement; rows another node created first are kept. */
    private void insertRows(String workspaceId, String period) {
        var params = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            params.addAll(List.of(workspaceId, period, shard));
        }
        jdbc.sql("insert into usage_counters (workspace_id, period, shard, used) values "
                        + String.join(", ", Collections.nCopies(SHARDS, "(?, ?, ?, 0)")) + " on conflict do nothing")
                .params(params)
                .update();
    }

    private static ApiProblem limitReached(int limit, String period) {
        return new ApiProblem(
                ApiProblem.Kind.TOO_MANY,
                "usage-limit-reached",
                "Usage limit reached",
                "This workspace has used its " + limit + " proposals for " + period
                        + ". Approvals and already approved work are not affected.");
    }

    /**
     * Counts proposals inside the transaction that stores them, or refuses them with 429 when they do
     * not fit under the workspace's limit. Call it last before commit: the counter row (all of them,
     * when the allowances are shared out again) stays locked until then.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void count(String workspaceId, int proposals) {
        String period = period();
        int shard = takeShard();
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object beforeCount = transaction.createSavepoint();
        int counted = jdbc.sql("""
                        update usage_counters set used = used + ?
                        where workspace_id = ? and period = ? and shard = ? and (allowance is null or used + ? <= allowance)""")
                .params(proposals, workspaceId, period, shard, proposals)
                .update();
        if (counted == 0) {
            // An update that waited for the row, which then no longer matched, keeps it locked all the
            // same (PostgreSQL): back before it, this transaction holds none of the workspace's rows
            // when it locks them all in order, so it cannot deadlock with another doing the same.
            transaction.rollbackToSavepoint(beforeCount);
            countSharingOut(workspaceId, period, shard, proposals);
        }
    }

    /**
     * Counts proposals that their row's allowance does not cover (or on a month's new rows): locks
     * every row of the workspace's month, in shard order so that two of these never deadlock, which
     * also waits for the proposals being counted on them; then, with the limit as stored now, counts
     * the proposals on {@code shard} and shares what is left under the limit out evenly as the rows'
     * new allowances — or refuses them when it is less than they need.
     */
    private void countSharingOut(String workspaceId, String period, int shard, int proposals) {
        List<Long> rows = lockRows(workspaceId, period);
        if (rows.size() < SHARDS) {
            insertRows(workspaceId, period);
            rows = lockRows(workspaceId, period);
        }
        long used = rows.stream().mapToLong(Long::longValue).sum();
        OptionalInt limit = storedLimit(workspaceId);
        if (limit.isPresent() && used + proposals > limit.getAsInt()) {
            throw limitReached(limit.getAsInt(), period);
        }
        shareOut(workspaceId, period, limit, used + proposals, shard, proposals);
    }

    /** What each row of the workspace's month has counted, every row locked, in shard order. */
    private List<Long> lockRows(String workspaceId, String period) {
        return jdbc.sql(
                        "select used from usage_counters where workspace_id = ? and period = ? order by shard for update")
                .params(workspaceId, period)
                .query(Long.class)
                .list();
    }

    /**
     * Sets the allowances of the workspace's month, whose rows the transaction holds locked: each row
     * may count an even share of what {@code limit} leaves above {@code used} (all rows together),
     * counting {@code proposals} on {@code shard} at the same time. No limit, no allowances.
     */
    private void shareOut(String workspaceId, String period, OptionalInt limit, long used, int shard, int proposals) {
        if (limit.isEmpty()) {
            jdbc.sql("""
                            update usage_counters set allowance = null, used = used + case when shard = ? then ? else 0 end
                            where workspace_id = ? and period = ?""").params(shard, proposals, workspaceId, period).update();
            return;
        }
        long left = Math.max(0, limit.getAsInt() - used);
        jdbc.sql("""
                        update usage_counters
                        set allowance = used + ? + case when shard < ? then 1 else 0 end + case when shard = ? then ? else 0 end,
                            used = used + case when shard = ? then ? else 0 end
                        where workspace_id = ? and period = ?""")
                .params(left / SHARDS, left % SHARDS, shard, proposals, shard, proposals, workspaceId, period)
                .update();
    }

    /** The shard numbers in an order of this node's own, so nodes start on different rows. */
    private static List<Integer> shuffledShards() {
        List<Integer> shards =
                new ArrayList<>(IntStream.range(0, SHARDS).boxed().toList());
        Collections.shuffle(shards);
        return shards;
    }

    /**
     * A counter row no other transaction of this node holds, so proposals of one node never wait
     * for each other's commit (only a rare collision with another node's can make one wait). Given
     * back when the transaction ends.
     */
    private int takeShard() {
        Integer shard = freeShards.poll();
        if (shard == null) {
            return ThreadLocalRandom.current().nextInt(SHARDS);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                freeShards.add(shard);
            }
        });
        return shard;
    }

    /**
     * Sets the limit from this month on, sharing what it leaves out as the allowances of the month's
     * counter rows (rows made later start without any and share out on their first count).
     */
    @Transactional
    public Usage setLimit(Caller caller, @Nullable Integer limit) {
        caller.requireRole(Role.OWNER);
        if (limit != null && limit < 0) {
            throw ApiProblem.invalid("limit", "must be zero or more, or null for no limit");
        }
        Integer before = usage(caller.workspaceId()).limit();
        jdbc.sql("update workspaces set usage_limit = ? where id = ?")
                .params(limit, caller.workspaceId())
                .update();
        String period = period();
        List<Long> rows = lockRows(caller.workspaceId(), period);
        if (!rows.isEmpty()) {
            long used = rows.stream().mapToLong(Long::longValue).sum();
            shareOut(
                    caller.workspaceId(),
                    period,
                    limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
                    used,
                    -1,
                    0);
        }
        changes.announce(CACHE, caller.workspaceId());
        Map<String, Object> data = new HashMap<>();
        data.put("before", before);
        data.put("after", limit);
        audit.append(
                caller.workspaceId(), AuditEventType.USAGE_LIMIT_UPDATED, caller.actor(), "usage_limit", null, data);
        return usage(caller.workspaceId());
    }

    private OptionalInt storedLimit(String workspaceId) {
        Integer limit = jdbc.sql("select usage_limit from workspaces where id = ?")
                .param(workspaceId)
                .query((rs, n) -> (Integer) rs.getObject(1))
                .optional()
                .orElse(null);
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    private long used(String workspaceId, String period) {
        return jdbc.sql("select coalesce(sum(used), 0) from usage_counters where workspace_id = ? and period = ?")
                .params(workspaceId, period)
                .query(Long.class)
                .single();
    }

    private String period() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
    }
}

package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts proposals per workspace and calendar month (UTC). The count is spread over 64 counter
 * rows, each proposal of a node taking one that no other transaction of the node holds, so
 * concurrent proposals of one workspace do not queue on one row; the limit is checked against their
 * sum. Each node caches every workspace's limit (setting one is announced to {@link Changes}), so
 * the counters are summed only for a workspace that has a limit.
 */
@Component
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

    UsageMeter(JdbcClient jdbc, AuditLog audit, Clock clock, Changes changes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.changes = changes;
        this.limits = changes.perWorkspace(CACHE);
    }

    public record Usage(String period, @Nullable Integer limit, long used) {}

    /** This month's usage as stored, read fresh from the database. */
    public Usage usage(String workspaceId) {
        String period = period();
        OptionalInt limit = storedLimit(workspaceId);
        return new Usage(period, limit.isPresent() ? limit.getAsInt() : null, used(workspaceId, period));
    }

    /**
     * Refuses with 429 when the workspace has used its monthly proposals. Called before the
     * proposal's transaction; it also makes sure this month's counter rows exist, each created by
     * its own statement so that two nodes creating them at once cannot spoil a transaction.
     */
    public void requireHeadroom(String workspaceId) {
        String period = period();
        if (!period.equals(preparedPeriod.get(workspaceId))) {
            // One statement for all rows; rows another node created first are simply kept.
            var params = new ArrayList<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                params.addAll(List.of(workspaceId, period, shard));
            }
            jdbc.sql("insert into usage_counters (workspace_id, period, shard, used) values "
                            + String.join(", ", Collections.nCopies(SHARDS, "(?, ?, ?, 0)")) + " on conflict do nothing")
                    .params(params)
                    .update();
            preparedPeriod.put(workspaceId, period);
        }
        OptionalInt limit = limits.get(workspaceId, this::storedLimit);
        if (limit.isPresent() && used(workspaceId, period) >= limit.getAsInt()) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "usage-limit-reached", "Usage limit reached",
                    "This workspace has used its " + limit.getAsInt() + " proposals for " + period
                            + ". Approvals and already approved work are not affected.");
        }
    }

    /**
     * Counts proposals inside the transaction that stores them. Call it last before commit: the
     * counter row stays locked until then. The limit is checked before the transaction, so
     * proposals racing at the very limit may pass it by a few.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void count(String workspaceId, int proposals) {
        String period = period();
        int shard = takeShard();
        int updated = jdbc.sql("update usage_counters set used = used + ? where workspace_id = ? and period = ? and shard = ?")
                .params(proposals, workspaceId, period, shard)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into usage_counters (workspace_id, period, shard, used) values (?, ?, ?, ?)")
                    .params(workspaceId, period, shard, proposals)
                    .update();
        }
    }

    /** The shard numbers in an order of this node's own, so nodes start on different rows. */
    private static List<Integer> shuffledShards() {
        List<Integer> shards = new ArrayList<>(IntStream.range(0, SHARDS).boxed().toList());
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

    @Transactional
    public Usage setLimit(Caller caller, @Nullable Integer limit) {
        caller.requireRole(Role.OWNER);
        if (limit != null && limit < 0) {
            throw ApiProblem.invalid("limit", "must be zero or more, or null for no limit");
        }
        Integer before = usage(caller.workspaceId()).limit();
        jdbc.sql("update workspaces set usage_limit = ? where id = ?").params(limit, caller.workspaceId()).update();
        changes.announce(CACHE, caller.workspaceId());
        Map<String, Object> data = new HashMap<>();
        data.put("before", before);
        data.put("after", limit);
        audit.append(caller.workspaceId(), "usage.limit_updated", caller.actor(), "usage_limit", null, data);
        return usage(caller.workspaceId());
    }

    private OptionalInt storedLimit(String workspaceId) {
        Integer limit = jdbc.sql("select usage_limit from workspaces where id = ?").param(workspaceId)
                .query((rs, n) -> (Integer) rs.getObject(1)).optional().orElse(null);
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

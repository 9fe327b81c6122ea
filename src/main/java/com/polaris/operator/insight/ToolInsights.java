package com.polaris.operator.insight;

import com.polaris.operator.identity.Caller;
import com.polaris.operator.insight.ToolInsight.RejectionReason;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Adds up, per tool, how the proposals of a period fared. The database does the counting (two
 * grouped queries over the period's actions, their approvals and decisions), so the answer costs
 * one row per tool, not one per action. Reads the action and approval tables and writes nothing.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ToolInsights {

    /** How many rejection reasons each tool lists, the most given first. */
    static final int TOP_REASONS = 5;

    /**
     * The period's actions, minus test runs, each with its final approval (the one requested last:
     * a retry may open another) and whether a reviewer edited its arguments in any of its approvals.
     */
    private static final String PERIOD_ACTIONS = """
            select a.id, a.tool, a.status,
                (select p.id from approvals p where p.action_id = a.id
                 order by p.requested_at desc, p.id desc limit 1) as final_approval,
                case when exists (select 1 from approvals p join approval_decisions d on d.approval_id = p.id
                                  where p.action_id = a.id and d.arguments_diff is not null)
                     then 1 else 0 end as edited
            from actions a
            where a.workspace_id = ? and a.test = false and a.created_at >= ? and a.created_at < ?""";

    private static final String FIGURES = "with period_actions as (" + PERIOD_ACTIONS + """
            )
            select c.tool,
                count(*),
                count(f.id),
                sum(case when f.status = 'approved' then 1 else 0 end),
                sum(case when f.status = 'approved' then c.edited else 0 end),
                sum(case when f.status = 'rejected' then 1 else 0 end),
                sum(case when f.status = 'expired' then 1 else 0 end),
                percentile_cont(0.5) within group (order by case when f.status in ('approved', 'rejected')
                    then cast(extract(epoch from f.decided_at) - extract(epoch from f.requested_at)
                              as double precision) end),
                sum(case when c.status = 'completed' then 1 else 0 end),
                sum(case when c.status = 'failed' then 1 else 0 end),
                sum(case when c.status = 'needs_review' then 1 else 0 end),
                sum(case when f.id is null and c.status in ('completed', 'failed', 'needs_review') then 1 else 0 end),
                sum(case when f.id is null and c.status in ('failed', 'needs_review') then 1 else 0 end)
            from period_actions c left join approvals f on f.id = c.final_approval
            group by c.tool
            order by count(*) desc, c.tool""";

    private static final String REASONS = """
            select tool, reason, n from (
                select a.tool as tool, d.comment as reason, count(*) as n,
                    row_number() over (partition by a.tool order by count(*) desc, d.comment) as place
                from actions a
                join approvals p on p.action_id = a.id
                join approval_decisions d on d.approval_id = p.id
                where a.workspace_id = ? and a.test = false and a.created_at >= ? and a.created_at < ?
                  and d.decision = 'reject' and d.comment is not null
                group by a.tool, d.comment) ranked
            where place <= ?
            order by tool, place""";

    private final JdbcClient jdbc;
    private final Clock clock;

    /** The insights of the period {@code from}..{@code to} (see {@link Period#parse}); members only. */
    public Insights tools(Caller caller, @Nullable String from, @Nullable String to) {
        caller.requireMember();
        Period period = Period.parse(from, to, clock.instant());
        return tools(caller.workspaceId(), period);
    }

    Insights tools(String workspaceId, Period period) {
        Timestamp start = Timestamp.from(period.from());
        Timestamp end = Timestamp.from(period.to());
        Map<String, List<RejectionReason>> reasons = new HashMap<>();
        jdbc.sql(REASONS).params(workspaceId, start, end, TOP_REASONS).query(rs -> {
            reasons.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                    .add(new RejectionReason(rs.getString(2), rs.getLong(3)));
        });
        List<ToolFigures> figures = jdbc.sql(FIGURES)
                .params(workspaceId, start, end)
                .query((rs, n) -> {
                    double median = rs.getDouble(8);
                    Long seconds = rs.wasNull() ? null : Math.round(median);
                    return new ToolFigures(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            seconds,
                            rs.getLong(9),
                            rs.getLong(10),
                            rs.getLong(11),
                            rs.getLong(12),
                            rs.getLong(13));
                })
                .list();
        var items = figures.stream()
                .map(f -> new ToolInsight(
                        f.tool(),
                        f.proposals(),
                        f.approvalsAsked(),
                        f.approved(),
                        f.approvedUnedited(),
                        f.edited(),
                        f.rejected(),
                        f.expired(),
                        f.medianSecondsToDecision(),
                        f.completed(),
                        f.failed(),
                        f.needsReview(),
                        List.copyOf(reasons.getOrDefault(f.tool(), List.of())),
                        Suggestions.of(f)))
                .toList();
        return new Insights(period.from(), period.to(), items);
    }
}

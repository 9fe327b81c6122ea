package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether each tool of a workspace is published or a draft. Agents and integration keys see and
 * propose published tools only; members may propose a draft as a test run. A tool without a row is
 * published (every built-in tool, and the custom actions that existed before drafts did); a new
 * custom action starts as a draft. Built-in tools may be unpublished and published again like
 * custom actions, which takes them away from agents without touching their policy.
 *
 * <p>A change locks the tool's row (created first if missing), so the audit chain of subject
 * {@code publication:<tool>} stays linear; it is announced to {@link Changes} in its transaction,
 * so every node's cache, and whoever lists tools to agents, learns of it as it commits.
 */
@Component
@RequiredArgsConstructor
public class Publications {

    /** The name of the cache whose changes announce a change of publication. */
    public static final String CACHE = "tool_publication";

    private final JdbcClient jdbc;

    @Lazy
    private final Catalog catalog;

    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Changes changes;
    private final SettingsCache<String, Map<String, Boolean>> cached;

    /** Whether {@code tool} is published in the workspace (a tool never drafted is). */
    public boolean published(String workspaceId, String tool) {
        return cached.get(workspaceId, this::stored).getOrDefault(tool, true);
    }

    /** Records a new custom action as a draft, in the transaction that creates it. */
    void draft(String workspaceId, String tool) {
        jdbc.sql("insert into tool_publication (workspace_id, tool, published, updated_at) values (?, ?, false, ?)")
                .params(workspaceId, tool, Timestamp.from(clock.instant()))
                .update();
        changes.announce(CACHE, workspaceId);
    }

    /**
     * Publishes or unpublishes a tool (owners and admins; 404 for a tool the workspace does not
     * have). Setting the state it already has changes and records nothing. Actions already proposed
     * are not affected: unpublishing only stops new proposals by agents.
     */
    public boolean set(Caller caller, String tool, boolean published) {
        caller.requireConfigurer();
        String workspaceId = caller.workspaceId();
        String name = catalog.find(workspaceId, tool)
                .orElseThrow(() -> ApiProblem.notFound("The tool '" + tool + "'"))
                .name();
        return Objects.requireNonNull(tx.execute(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("insert into tool_publication (workspace_id, tool, published, updated_at) values (?, ?, true, ?)"
                            + " on conflict do nothing")
                    .params(workspaceId, name, now)
                    .update();
            boolean was = jdbc.sql(
                            "select published from tool_publication where workspace_id = ? and tool = ? for update")
                    .params(workspaceId, name)
                    .query(Boolean.class)
                    .single();
            if (was == published) {
                return published;
            }
            jdbc.sql("update tool_publication set published = ?, updated_at = ? where workspace_id = ? and tool = ?")
                    .params(published, now, workspaceId, name)
                    .update();
            changes.announce(CACHE, workspaceId);
            audit.append(
                    workspaceId,
                    published ? AuditEventType.TOOL_PUBLISHED : AuditEventType.TOOL_UNPUBLISHED,
                    caller.actor(),
                    "publication:" + name,
                    null,
                    Map.of("tool", name, "published", published));
            return published;
        }));
    }

    private Map<String, Boolean> stored(String workspaceId) {
        var states = new HashMap<String, Boolean>();
        jdbc.sql("select tool, published from tool_publication where workspace_id = ?")
                .param(workspaceId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBoolean(2)))
                .list()
                .forEach(e -> states.put(e.getKey(), e.getValue()));
        return Map.copyOf(states);
    }
}

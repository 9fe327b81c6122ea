package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.catalog.ToolSwitches;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.workspace.Member;
import com.polaris.operator.workspace.Members;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saved policies of each workspace's tools, their versions, and whether each tool is enabled.
 *
 * <p>Every change of a tool's settings first locks that tool's {@code tool_settings} row
 * ({@code select … for update}), so two saves of one tool get consecutive versions and the audit
 * chain of subject {@code policy:<tool>} stays linear. The row is created by the first change; two
 * first changes racing to create it make one insert fail with a duplicate key, and that change
 * simply starts again and finds the row.
 *
 * <p>Each node caches the settings of a workspace's tools for {@link #current}; every change is
 * announced to {@link Changes} in its transaction, so this node stops using the old policy (or a
 * tool just disabled) as the change commits, and the other nodes as soon as they hear of it.
 */
@Service
@RequiredArgsConstructor
public class Policies implements ToolSwitches {

    private static final int ATTEMPTS = 3;
    /** The name under which {@link com.polaris.operator.cluster.Changes} announces changed policies and tool switches. */
    public static final String CHANGES = "policies";

    static final String CACHE = CHANGES;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Changes changes;
    private final Members members;
    private final ApplicationEventPublisher events;
    private final SettingsCache<String, Map<String, ToolSettings>> cached;

    /** The settings in force for {@code tool}; the safe default, enabled, when it was never configured. */
    public ToolSettings current(String workspaceId, String tool) {
        ToolSettings settings = cached.get(workspaceId, w -> Map.copyOf(all(w))).get(tool);
        return settings != null ? settings : ToolSettings.unconfigured(tool);
    }

    @Override
    public boolean enabled(String workspaceId, String tool) {
        return current(workspaceId, tool).enabled();
    }

    /** The settings of {@code tool} as stored now, read past this node's cache. */
    public ToolSettings stored(String workspaceId, String tool) {
        ToolSettings settings = all(workspaceId).get(tool);
        return settings != null ? settings : ToolSettings.unconfigured(tool);
    }

    /** The settings of every tool of the workspace that has any; tools missing here have the defaults. */
    public Map<String, ToolSettings> all(String workspaceId) {
        var settings = new HashMap<String, ToolSettings>();
        jdbc.sql("""
                        select s.tool, s.enabled, s.policy_version, v.policy
                        from tool_settings s
                        left join tool_policy_versions v
                            on v.workspace_id = s.workspace_id and v.tool = s.tool and v.version = s.policy_version
                        where s.workspace_id = ?""").param(workspaceId).query(this::settings).list().forEach(s -> settings.put(s.tool(), s));
        return settings;
    }

    /**
     * Saves a new version of {@code tool}'s policy (owners and admins only) and records it in the
     * audit log in the same transaction. A policy weaker than the forced rules of an external tool
     * is stored as saved; {@link PolicyEngine#effective} shows which rules are overridden.
     */
    public ToolSettings save(Caller caller, String tool, ToolKind kind, @Nullable JsonNode policyJson) {
        caller.requireConfigurer();
        Policy policy = PolicyJson.parse(policyJson);
        requireMembers(caller.workspaceId(), policy);
        return changeLocked(caller.workspaceId(), tool, locked -> {
            int version = locked.version() + 1;
            Instant now = now();
            jdbc.sql("""
                            insert into tool_policy_versions
                                (workspace_id, tool, version, policy, changed_by, changed_by_name, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            caller.workspaceId(),
                            tool,
                            version,
                            json.writeValueAsString(policy),
                            caller.id(),
                            caller.name(),
                            Timestamp.from(now))
                    .update();
            jdbc.sql("update tool_settings set policy_version = ?, updated_at = ? where workspace_id = ? and tool = ?")
                    .params(version, Timestamp.from(now), caller.workspaceId(), tool)
                    .update();
            var data = new LinkedHashMap<String, @Nullable Object>();
            data.put("tool", tool);
            data.put("version", version);
            data.put("before", locked.configured() ? locked.policy() : null);
            data.put("after", policy);
            data.put("forced", PolicyEngine.effective(kind, policy).forced());
            audit.append(
                    caller.workspaceId(), AuditEventType.POLICY_UPDATED, caller.actor(), subject(tool), null, data);
            events.publishEvent(new PolicySaved(caller.workspaceId(), tool, version));
            return new ToolSettings(tool, policy, version, locked.enabled(), true);
        });
    }

    /** Every member a policy names as a reviewer must be a member of the workspace now (422 otherwise). */
    private void requireMembers(String workspaceId, Policy policy) {
        Set<String> emails =
                members.all(workspaceId).stream().map(Member::email).collect(Collectors.toSet());
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        unknownMembers("reviewers", policy.reviewers(), emails, errors);
        for (int i = 0; i < policy.routes().size(); i++) {
            unknownMembers("routes[" + i + "].reviewers", policy.routes().get(i).reviewers(), emails, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The policy names reviewers who are not members of this workspace.", errors);
        }
    }

    private static void unknownMembers(
            String path, @Nullable Reviewers reviewers, Set<String> emails, List<ApiProblem.FieldProblem> errors) {
        if (reviewers == null) {
            return;
        }
        for (int i = 0; i < reviewers.members().size(); i++) {
            if (!emails.contains(reviewers.members().get(i))) {
                errors.add(
                        new ApiProblem.FieldProblem(path + ".members[" + i + "]", "is not a member of this workspace"));
            }
        }
    }

    /** Enables or disables {@code tool} (owners and admins only); setting the state it already has changes nothing. */
    public ToolSettings setEnabled(Caller caller, String tool, boolean enabled) {
        caller.requireConfigurer();
        return changeLocked(caller.workspaceId(), tool, locked -> {
            if (locked.enabled() == enabled) {
                return locked;
            }
            jdbc.sql("update tool_settings set enabled = ?, updated_at = ? where workspace_id = ? and tool = ?")
                    .params(enabled, Timestamp.from(now()), caller.workspaceId(), tool)
                    .update();
            audit.append(
                    caller.workspaceId(),
                    enabled ? AuditEventType.TOOL_ENABLED : AuditEventType.TOOL_DISABLED,
                    caller.actor(),
                    subject(tool),
                    null,
                    Map.of("tool", tool, "enabled", enabled));
            return new ToolSettings(tool, locked.policy(), locked.version(), enabled, locked.configured());
        });
    }

    /** The saved versions of {@code tool}'s policy, newest first. */
    public Page<PolicyVersion> history(String workspaceId, String tool, PageRequest page) {
        int below = page.after() == null ? Integer.MAX_VALUE : versionCursor(page.after());
        List<PolicyVersion> rows = jdbc.sql("""
                        select version, policy, changed_by, changed_by_name, created_at
                        from tool_policy_versions
                        where workspace_id = ? and tool = ? and version < ?
                        order by version desc
                        limit ?""")
                .params(workspaceId, tool, below, page.rows())
                .query((rs, n) -> new PolicyVersion(
                        rs.getInt(1),
                        policy(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
        return page.page(rows, v -> Integer.toString(v.version()));
    }

    /** The audit subject of a tool's settings: its events chain in the order the row lock serialises them. */
    static String subject(String tool) {
        return "policy:" + tool;
    }

    /**
     * Runs {@code change} on the locked settings in one transaction. A change that hands back the
     * settings it was given (the same object) changed nothing, so no node needs to hear of it.
     */
    private ToolSettings changeLocked(String workspaceId, String tool, Function<ToolSettings, ToolSettings> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                ToolSettings changed = transactions.execute(status -> {
                    ToolSettings locked = lock(workspaceId, tool);
                    ToolSettings after = change.apply(locked);
                    if (after != locked) {
                        changes.announce(CACHE, workspaceId);
                    }
                    return after;
                });
                if (changed == null) {
                    throw new IllegalStateException("A settings change of " + tool + " returned nothing");
                }
                return changed;
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Locks the tool's settings row, creating it when the tool was never configured. */
    private ToolSettings lock(String workspaceId, String tool) {
        var row = jdbc.sql("""
                        select enabled, policy_version from tool_settings
                        where workspace_id = ? and tool = ? for update""")
                .params(workspaceId, tool)
                .query((rs, n) -> new Row(rs.getBoolean(1), rs.getInt(2)))
                .optional();
        if (row.isEmpty()) {
            jdbc.sql("""
                            insert into tool_settings (workspace_id, tool, enabled, policy_version, updated_at)
                            values (?, ?, true, 0, ?)""").params(workspaceId, tool, Timestamp.from(now())).update();
            return ToolSettings.unconfigured(tool);
        }
        int version = row.get().version();
        Policy policy = version == 0
                ? Policy.SAFE_DEFAULT
                : jdbc.sql("""
                        select policy from tool_policy_versions where workspace_id = ? and tool = ? and version = ?""")
                        .params(workspaceId, tool, version)
                        .query((rs, n) -> policy(rs.getString(1)))
                        .single();
        return new ToolSettings(tool, policy, version, row.get().enabled(), version > 0);
    }

    private ToolSettings settings(ResultSet rs, int n) throws SQLException {
        String stored = rs.getString(4);
        int version = rs.getInt(3);
        return new ToolSettings(
                rs.getString(1),
                stored == null ? Policy.SAFE_DEFAULT : policy(stored),
                version,
                rs.getBoolean(2),
                version > 0);
    }

    private Policy policy(String stored) {
        return PolicyJson.parse(json.readTree(stored));
    }

    private static int versionCursor(String after) {
        try {
            return Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw ApiProblem.badCursor();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Row(boolean enabled, int version) {}
}

package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored business-hours schedule of each workspace. Other modules read it through
 * {@link #of(String)}, which each node answers from a cache of parsed schedules; only owners and
 * admins replace it, every replacement is audited with the schedule before and after and announced
 * to {@link Changes}.
 */
@Component
@RequiredArgsConstructor
public class BusinessHoursSchedules {

    static final String AUDIT_SUBJECT = "business_hours";
    static final String CACHE = "business_hours";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final SettingsCache<String, BusinessHours> cached;

    static void insertDefault(JdbcClient jdbc, String workspaceId, String timezone, Instant now) {
        jdbc.sql("insert into business_hours (workspace_id, schedule, updated_at) values (?, ?, ?)")
                .params(workspaceId, toJson(BusinessHours.defaults(ZoneId.of(timezone))), Timestamp.from(now))
                .update();
    }

    /** The workspace's schedule; the UTC default for a workspace that somehow has none stored. */
    public BusinessHours of(String workspaceId) {
        return cached.get(workspaceId, this::stored);
    }

    private BusinessHours stored(String workspaceId) {
        return jdbc.sql("select schedule from business_hours where workspace_id = ?")
                .param(workspaceId)
                .query(String.class)
                .optional()
                .map(stored -> fromJson(workspaceId, stored))
                .orElseGet(() -> BusinessHours.defaults(ZoneId.of("UTC")));
    }

    /**
     * Replaces the caller's schedule with {@code hours}: 403 unless owner or admin, 422 listing
     * every wrong field ({@link WeeklyHours}). Answers the schedule as stored.
     */
    @Transactional
    public BusinessHours replace(Caller caller, WeeklyHours hours) {
        caller.requireConfigurer();
        return store(caller, BusinessHoursRules.check(hours));
    }

    /**
     * Replaces the caller's schedule. The workspace's business_hours row is locked first, so two
     * replacements (and their audit events, chained on the same subject) happen one after the other.
     */
    private BusinessHours store(Caller caller, BusinessHours hours) {
        String workspaceId = caller.workspaceId();
        Instant now = clock.instant();
        jdbc.sql(
                        "insert into business_hours (workspace_id, schedule, updated_at) values (?, ?, ?) on conflict do nothing")
                .params(workspaceId, toJson(BusinessHours.defaults(ZoneId.of("UTC"))), Timestamp.from(now))
                .update();
        String stored = jdbc.sql("select schedule from business_hours where workspace_id = ? for update")
                .param(workspaceId)
                .query(String.class)
                .single();
        BusinessHours before = fromJson(workspaceId, stored);
        jdbc.sql("update business_hours set schedule = ?, updated_at = ? where workspace_id = ?")
                .params(toJson(hours), Timestamp.from(now), workspaceId)
                .update();
        changes.announce(CACHE, workspaceId);
        audit.append(
                workspaceId,
                AuditEventType.BUSINESS_HOURS_UPDATED,
                caller.actor(),
                AUDIT_SUBJECT,
                null,
                Map.of("before", BusinessHoursDocument.write(before), "after", BusinessHoursDocument.write(hours)));
        return hours;
    }

    private BusinessHours fromJson(String workspaceId, String stored) {
        try {
            return BusinessHoursDocument.read(json.readTree(stored));
        } catch (ApiProblem e) {
            throw new IllegalStateException(
                    "The stored business hours of workspace " + workspaceId + " are not valid: " + e.errors(), e);
        }
    }

    static String toJson(BusinessHours hours) {
        return JsonMapper.shared().writeValueAsString(BusinessHoursDocument.write(hours));
    }
}

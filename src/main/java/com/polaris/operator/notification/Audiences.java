package com.polaris.operator.notification;

import com.polaris.operator.approval.ApprovalNotice;
import com.polaris.operator.identity.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who a notification reaches: the workspace's members as they are when it is written, with what
 * each chose about email. It reads the members table of the workspace module directly, as a
 * read-only query in the notifying transaction; a removed member's row is gone, so only members
 * still in the workspace are told.
 */
@Component
@RequiredArgsConstructor
class Audiences {

    /** A member a notification is for, with their email address and whether they want approval email. */
    record Recipient(String memberId, String email, boolean emailOnApproval) {}

    private static final RowMapper<Recipient> RECIPIENT =
            (rs, n) -> new Recipient(rs.getString("id"), rs.getString("email"), rs.getBoolean("email_on_approval"));

    private static final String SELECT = """
            select m.id, m.email, coalesce(p.email_on_approval, true) as email_on_approval
            from members m left join member_preferences p on p.member_id = m.id
            where m.workspace_id = :workspace""";

    private final JdbcClient jdbc;

    /** The members holding one of the roles or named by id, except the excluded ones. */
    List<Recipient> of(String workspaceId, ApprovalNotice.Audience audience) {
        var conditions = new ArrayList<String>();
        Map<String, Object> params = new HashMap<>();
        params.put("workspace", workspaceId);
        if (!audience.roles().isEmpty()) {
            conditions.add("m.role in (:roles)");
            params.put("roles", audience.roles().stream().map(Role::wire).toList());
        }
        if (!audience.memberIds().isEmpty()) {
            conditions.add("m.id in (:ids)");
            params.put("ids", List.copyOf(audience.memberIds()));
        }
        if (conditions.isEmpty()) {
            return List.of();
        }
        return jdbc
                .sql(SELECT + " and (" + String.join(" or ", conditions) + ") order by m.id")
                .params(params)
                .query(RECIPIENT)
                .list()
                .stream()
                .filter(r -> !audience.excludedMemberIds().contains(r.memberId()))
                .toList();
    }

    /**
     * The members a message of {@code send_notification} is for: everyone when {@code audience} is
     * null, the members with that role when it names one, else the member with that email (nobody
     * when no member has it).
     */
    List<Recipient> ofMessage(String workspaceId, @Nullable String audience) {
        var query = jdbc.sql(SELECT + where(audience) + " order by m.id").param("workspace", workspaceId);
        if (audience != null) {
            Optional<Role> role = Role.parse(audience.strip().toLowerCase(Locale.ROOT));
            query = query.param(
                    "audience", role.map(Role::wire).orElse(audience.strip().toLowerCase(Locale.ROOT)));
        }
        return query.query(RECIPIENT).list();
    }

    private static String where(@Nullable String audience) {
        if (audience == null) {
            return "";
        }
        return Role.parse(audience.strip().toLowerCase(Locale.ROOT)).isPresent()
                ? " and m.role = :audience"
                : " and m.email = :audience";
    }
}

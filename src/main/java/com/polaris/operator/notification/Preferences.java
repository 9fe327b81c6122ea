package com.polaris.operator.notification;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * What each member chose about being told: {@code emailOnApproval} (approvals waiting for them, by
 * email) and {@code dailyDigest}. A member who never chose has both on. Read and written only by the
 * member themselves.
 */
@Component
@RequiredArgsConstructor
class Preferences {

    /** A member's choices, as {@code GET /api/v1/me/preferences} shows them. */
    record Choices(boolean emailOnApproval, boolean dailyDigest) {

        static final Choices DEFAULTS = new Choices(true, true);
    }

    /** An email a member may turn off, by the column that holds the choice. */
    enum Email {
        ON_APPROVAL("email_on_approval"),
        DAILY_DIGEST("daily_digest");

        private final String column;

        Email(String column) {
            this.column = column;
        }
    }

    private static final List<String> FIELDS = List.of("emailOnApproval", "dailyDigest");

    private final JdbcClient jdbc;
    private final Clock clock;

    /** The member's address for {@code email}; null when they turned it off or are not a member of the workspace. */
    static @Nullable String addressFor(JdbcClient jdbc, String workspaceId, String memberId, Email email) {
        return jdbc.sql("""
                        select m.email from members m left join member_preferences p on p.member_id = m.id
                        where m.id = ? and m.workspace_id = ? and coalesce(p.%s, true)""".formatted(email.column))
                .params(memberId, workspaceId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    Choices of(Caller caller) {
        caller.requireMember();
        return jdbc.sql("select email_on_approval, daily_digest from member_preferences"
                        + " where member_id = ? and workspace_id = ?")
                .params(caller.id(), caller.workspaceId())
                .query((rs, n) -> new Choices(rs.getBoolean("email_on_approval"), rs.getBoolean("daily_digest")))
                .optional()
                .orElse(Choices.DEFAULTS);
    }

    /**
     * Replaces the member's choices with {@code body}: an object with exactly {@code emailOnApproval}
     * and {@code dailyDigest}, each true or false; anything else is a 422 and changes nothing.
     */
    @Transactional
    Choices replace(Caller caller, JsonNode body) {
        caller.requireMember();
        Choices choices = parse(body);
        if (update(caller, choices) == 0
                && jdbc.sql("""
                                        insert into member_preferences (member_id, workspace_id, email_on_approval,
                                            daily_digest, updated_at) values (?, ?, ?, ?, ?) on conflict do nothing""")
                                .params(
                                        caller.id(),
                                        caller.workspaceId(),
                                        choices.emailOnApproval(),
                                        choices.dailyDigest(),
                                        Timestamp.from(clock.instant()))
                                .update()
                        == 0) {
            // Another request of the member's inserted the row first: this one, later, wins.
            update(caller, choices);
        }
        return choices;
    }

    private int update(Caller caller, Choices choices) {
        return jdbc.sql("update member_preferences set email_on_approval = ?, daily_digest = ?, updated_at = ?"
                        + " where member_id = ? and workspace_id = ?")
                .params(
                        choices.emailOnApproval(),
                        choices.dailyDigest(),
                        Timestamp.from(clock.instant()),
                        caller.id(),
                        caller.workspaceId())
                .update();
    }

    static Choices parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiProblem.invalid("", "must be an object with emailOnApproval and dailyDigest");
        }
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new ApiProblem.FieldProblem(name, "is not a preference (emailOnApproval, dailyDigest)"));
            }
        }
        for (String field : FIELDS) {
            JsonNode value = body.path(field);
            if (value.isMissingNode()) {
                errors.add(new ApiProblem.FieldProblem(field, "is required"));
            } else if (!value.isBoolean()) {
                errors.add(new ApiProblem.FieldProblem(field, "must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The preferences are not valid.", errors);
        }
        return new Choices(
                body.path("emailOnApproval").asBoolean(),
                body.path("dailyDigest").asBoolean());
    }
}

package com.polaris.operator.widget;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The web widget of each workspace (one at most): the origins whose pages may use it and its key.
 * The key is public by design, it sits in the business's pages: it opens conversations and nothing
 * else, so it is stored as it is. It stays the same when the origins change; rotating it gives a new
 * one and the old one opens nothing more (conversations already open keep their own tokens).
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class WebWidgets {

    static final String KEY_PREFIX = "pol_wgt_";
    private static final String SUBJECT = "web-widget";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A workspace's widget as the API shows it. */
    public record WebWidget(String widgetKey, List<String> allowedOrigins, Instant createdAt, Instant updatedAt) {}

    /** A widget found by its key: its workspace and origins. */
    record Keyed(String workspaceId, List<String> allowedOrigins) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    /** The workspace's widget, for any member; empty when it was never set up. */
    public Optional<WebWidget> find(Caller caller) {
        caller.requireMember();
        return find(caller.workspaceId());
    }

    /** Reads {@code {"allowedOrigins": [...]}} and saves it ({@link #save(Caller, List)}). */
    @Transactional
    public WebWidget save(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        var unknown = RequestBodies.unknownFields(body, Set.of("allowedOrigins"));
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid("The request is not valid.", unknown);
        }
        JsonNode origins = body.get("allowedOrigins");
        if (origins == null || !origins.isArray()) {
            throw ApiProblem.invalid(
                    "allowedOrigins", "is required: a list of 1 to " + AllowedOrigins.MAX + " origins");
        }
        var values = new ArrayList<>();
        origins.forEach(value -> values.add(value.isString() ? value.asString() : value));
        return save(caller, values);
    }

    /**
     * Sets the origins whose pages may use the widget (owners, admins), setting the widget up with a
     * new key the first time; the key stays as it is afterwards. Audited with the origins.
     */
    @Transactional
    public WebWidget save(Caller caller, List<?> allowedOrigins) {
        caller.requireConfigurer();
        List<String> origins = AllowedOrigins.read(allowedOrigins);
        Timestamp now = now();
        boolean created =
                jdbc.sql("""
                        insert into web_widgets (workspace_id, widget_key, created_at, updated_at)
                        values (?, ?, ?, ?) on conflict do nothing""").params(caller.workspaceId(), newKey(), now, now).update() > 0;
        jdbc.sql("update web_widgets set updated_at = ? where workspace_id = ?")
                .params(now, caller.workspaceId())
                .update();
        jdbc.sql("delete from web_widget_origins where workspace_id = ?")
                .param(caller.workspaceId())
                .update();
        for (int i = 0; i < origins.size(); i++) {
            jdbc.sql("insert into web_widget_origins (workspace_id, origin, position) values (?, ?, ?)")
                    .params(caller.workspaceId(), origins.get(i), i)
                    .update();
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("allowedOrigins", origins);
        data.put("created", created);
        audit.append(caller.workspaceId(), AuditEventType.WEB_WIDGET_UPDATED, caller.actor(), SUBJECT, null, data);
        return find(caller.workspaceId()).orElseThrow();
    }

    /** Gives the widget a new key (owners, admins); the old one opens no conversation from now on. 404 before it is set up. */
    @Transactional
    public WebWidget rotateKey(Caller caller) {
        caller.requireConfigurer();
        int rotated = jdbc.sql("update web_widgets set widget_key = ?, updated_at = ? where workspace_id = ?")
                .params(newKey(), now(), caller.workspaceId())
                .update();
        if (rotated == 0) {
            throw notSetUp();
        }
        audit.append(
                caller.workspaceId(), AuditEventType.WEB_WIDGET_KEY_ROTATED, caller.actor(), SUBJECT, null, Map.of());
        return find(caller.workspaceId()).orElseThrow();
    }

    static ApiProblem notSetUp() {
        return new ApiProblem(
                ApiProblem.Kind.NOT_FOUND,
                "not-found",
                "Not found",
                "The web widget is not set up: PUT /api/v1/channels/web-widget with its allowedOrigins.");
    }

    Optional<WebWidget> find(String workspaceId) {
        return jdbc.sql("select widget_key, created_at, updated_at from web_widgets where workspace_id = ?")
                .param(workspaceId)
                .query((rs, n) -> new WebWidget(
                        rs.getString("widget_key"),
                        origins(workspaceId),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** The widget with this key, if any. */
    Optional<Keyed> byKey(String widgetKey) {
        return jdbc.sql("select workspace_id from web_widgets where widget_key = ?")
                .param(widgetKey)
                .query(String.class)
                .optional()
                .map(workspaceId -> new Keyed(workspaceId, origins(workspaceId)));
    }

    /** The origins the workspace's widget allows; none when it has no widget. */
    List<String> origins(String workspaceId) {
        return jdbc.sql("select origin from web_widget_origins where workspace_id = ? order by position")
                .param(workspaceId)
                .query(String.class)
                .list();
    }

    /** Whether some workspace's widget allows {@code origin}: only then does a browser get CORS headers. */
    boolean allowedAnywhere(String origin) {
        return jdbc.sql("select count(*) from web_widget_origins where origin = ?")
                        .param(origin)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

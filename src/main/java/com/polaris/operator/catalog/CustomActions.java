package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The custom actions of each workspace. Creating or changing one checks everything that can be
 * checked before a request is ever sent: the name, the base, the input schema (JSON Schema 2020-12),
 * and the request template, which its {@link ExternalBase} checks. Each node caches a workspace's
 * custom actions for {@link #find}; creating one is announced to {@link Changes}, as is changing one.
 * A new custom action is a draft until an owner or admin publishes it ({@link Publications}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class CustomActions {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{2,63}");
    /** Names the console's own pages use under /tools/. */
    private static final Set<String> RESERVED = Set.of("new");
    /** The order in which an answer lists the problems of a definition's fields. */
    private static final List<String> FIELD_ORDER =
            List.of("name", "base", "title", "description", "inputSchema", "config");

    static final String CACHE = Catalog.CHANGES;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    @Lazy
    private final Catalog catalog;

    private final ExternalBases bases;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Changes changes;
    private final ApplicationEventPublisher events;
    private final SettingsCache<String, Map<String, CustomAction>> cached;
    private final Publications publications;

    /** A new custom action, and what its base shows the creator once (a webhook's signing secret). */
    public record Created(CustomAction action, @Nullable String shownOnce) {}

    public Optional<CustomAction> find(String workspaceId, String name) {
        return Optional.ofNullable(cached.get(
                        workspaceId,
                        w -> all(w).stream()
                                .collect(Collectors.toUnmodifiableMap(CustomAction::name, Function.identity())))
                .get(name));
    }

    public List<CustomAction> all(String workspaceId) {
        return jdbc.sql("""
                        select name, title, description, base, input_schema, config, created_at, version
                        from custom_tools where workspace_id = ? order by name""").param(workspaceId).query(this::row).list();
    }

    /** Defines a custom action (owners and admins); 422 with every problem found, 409 when the name is taken. */
    public Created create(Caller caller, CustomActionDefinition definition) {
        caller.requireConfigurer();
        return insert(caller, checked(CustomActionJson.Read.of(definition), null));
    }

    /** {@link #create} from an API request body, read only once the caller may define custom actions. */
    Created create(Caller caller, @Nullable JsonNode body) {
        caller.requireConfigurer();
        return insert(caller, checked(CustomActionJson.forCreate(body), null));
    }

    private Created insert(Caller caller, CustomActionDefinition d) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return tx.execute(status -> {
                jdbc.sql("""
                                insert into custom_tools (workspace_id, name, title, description, base, input_schema,
                                    config, created_by, created_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(
                                caller.workspaceId(),
                                d.name(),
                                d.title(),
                                d.description(),
                                d.base(),
                                json.writeValueAsString(d.inputSchema()),
                                json.writeValueAsString(d.config()),
                                caller.id(),
                                Timestamp.from(now))
                        .update();
                changes.announce(CACHE, caller.workspaceId());
                publications.draft(caller.workspaceId(), d.name());
                String shownOnce = bases.get(d.base()).created(caller.workspaceId(), d.name());
                var data = new LinkedHashMap<String, Object>();
                data.put("name", d.name());
                data.put("base", d.base());
                data.put("title", d.title());
                audit.append(
                        caller.workspaceId(),
                        AuditEventType.TOOL_CREATED,
                        caller.actor(),
                        "policy:" + d.name(),
                        null,
                        data);
                return new Created(
                        new CustomAction(
                                d.name(), d.title(), d.description(), d.base(), d.inputSchema(), d.config(), now, 1),
                        shownOnce);
            });
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("tool-exists", "A tool named '" + d.name() + "' already exists.");
        }
    }

    /**
     * Changes a custom action's title, description, input schema or request template (owners and
     * admins); its name and base stay. The body is a whole definition, checked as at creation: 422
     * with every problem found, and nothing changes. A change is refused (409) while approved
     * actions of the custom action have not finished, so none of them sends other than what its
     * approver saw; actions waiting for approval are decided on the new definition.
     */
    public CustomAction update(Caller caller, String name, CustomActionDefinition definition) {
        caller.requireConfigurer();
        return change(caller, checked(CustomActionJson.Read.of(definition), one(caller.workspaceId(), name, "")));
    }

    /** {@link #update} from an API request body, read only once the custom action is found. */
    CustomAction update(Caller caller, String name, @Nullable JsonNode body) {
        caller.requireConfigurer();
        CustomAction existing = one(caller.workspaceId(), name, "");
        return change(caller, checked(CustomActionJson.forUpdate(body), existing));
    }

    /** The name and base never change, so the definition is checked before the row is locked. */
    private CustomAction change(Caller caller, CustomActionDefinition definition) {
        String name = definition.name();
        return Objects.requireNonNull(tx.execute(status -> {
            CustomAction existing = one(caller.workspaceId(), name, " for update");
            var changed = new ArrayList<String>();
            if (!definition.title().equals(existing.title())) {
                changed.add("title");
            }
            if (!definition.description().equals(existing.description())) {
                changed.add("description");
            }
            if (!definition.inputSchema().equals(existing.inputSchema())) {
                changed.add("inputSchema");
            }
            if (!definition.config().equals(existing.config())) {
                changed.add("config");
            }
            var updated = new CustomAction(
                    name,
                    definition.title(),
                    definition.description(),
                    existing.base(),
                    definition.inputSchema(),
                    definition.config(),
                    existing.createdAt(),
                    existing.version() + 1);
            if (changed.isEmpty()) {
                return existing;
            }
            events.publishEvent(new CustomActionChanging(caller.workspaceId(), name));
            jdbc.sql("""
                            update custom_tools set title = ?, description = ?, input_schema = ?, config = ?,
                                version = version + 1
                            where workspace_id = ? and name = ?""")
                    .params(
                            definition.title(),
                            definition.description(),
                            json.writeValueAsString(definition.inputSchema()),
                            json.writeValueAsString(definition.config()),
                            caller.workspaceId(),
                            name)
                    .update();
            changes.announce(CACHE, caller.workspaceId());
            // Its own subject: the tool's policy chain ("policy:<name>") is appended to under the
            // policy's lock, which this change does not hold.
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.TOOL_UPDATED,
                    caller.actor(),
                    "tool:" + name,
                    null,
                    Map.of("name", name, "changed", changed, "version", updated.version()));
            return updated;
        }));
    }

    /** A custom action of the workspace, read with {@code lock} (empty, or a locking clause); 404 if there is none. */
    private CustomAction one(String workspaceId, String name, String lock) {
        return jdbc.sql("""
                        select name, title, description, base, input_schema, config, created_at, version
                        from custom_tools where workspace_id = ? and name = ?""" + lock)
                .params(workspaceId, name)
                .query(this::row)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("The custom action '" + name + "'"));
    }

    /**
     * Checks a definition: a new one ({@code existing} null), or a new version of {@code existing},
     * whose name and base may be repeated but not changed. Answers it with the name and base it will
     * have; throws 422 with every problem found, in the order of {@link #FIELD_ORDER}.
     */
    private CustomActionDefinition checked(CustomActionJson.Read read, @Nullable CustomAction existing) {
        CustomActionDefinition d = read.definition();
        var errors = new ArrayList<FieldProblem>(read.unreadable());
        String name = d.name();
        String base = d.base();
        if (existing == null) {
            if (read.readable("name")) {
                nameProblem(name).ifPresent(m -> errors.add(new FieldProblem("name", m)));
            }
            if (read.readable("base") && !bases.names().contains(base)) {
                errors.add(new FieldProblem("base", "must be one of " + String.join(", ", bases.names())));
            }
        } else {
            if (!name.isEmpty() && !name.equals(existing.name())) {
                errors.add(new FieldProblem("name", CustomActionJson.UNCHANGEABLE));
            }
            if (!base.isEmpty() && !base.equals(existing.base())) {
                errors.add(new FieldProblem("base", CustomActionJson.UNCHANGEABLE));
            }
            name = existing.name();
            base = existing.base();
        }
        if (read.readable("title") && d.title().isBlank()) {
            errors.add(new FieldProblem("title", "must be a non-blank string"));
        } else if (read.readable("title") && d.title().length() > 200) {
            errors.add(new FieldProblem("title", "must be at most 200 characters"));
        }
        if (d.description().length() > 2000) {
            errors.add(new FieldProblem("description", "must be at most 2000 characters"));
        }
        if (read.readable("inputSchema")) {
            errors.addAll(catalog.schemaProblems(d.inputSchema(), "inputSchema"));
        }
        ExternalBase external = bases.get(base);
        if (!d.config().isObject()) {
            errors.add(new FieldProblem("config", "must be an object"));
        } else if (external != null) {
            errors.addAll(external.configProblems(d.config()));
        }
        if (!errors.isEmpty() || !read.unknown().isEmpty()) {
            errors.sort(Comparator.comparingInt(p -> FIELD_ORDER.indexOf(topLevel(p.field()))));
            errors.addAll(0, read.unknown());
            throw ApiProblem.invalid("The custom action is not valid.", errors);
        }
        return new CustomActionDefinition(name, d.title(), d.description(), base, d.inputSchema(), d.config());
    }

    private Optional<String> nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of("must match ^[a-z][a-z0-9_]{2,63}$");
        }
        if (catalog.isBuiltIn(name)) {
            return Optional.of("is the name of a built-in tool");
        }
        if (ActionStatusTool.NAME.equals(name)) {
            return Optional.of("is reserved for the tool agents use to read an action's status; choose another name");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("is reserved; choose another name");
        }
        return Optional.empty();
    }

    private static String topLevel(String field) {
        int end = field.length();
        for (char c : new char[] {'.', '['}) {
            int at = field.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return field.substring(0, end);
    }

    private CustomAction row(ResultSet rs, int n) throws SQLException {
        return new CustomAction(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                json.readTree(rs.getString(5)),
                json.readTree(rs.getString(6)),
                rs.getTimestamp(7).toInstant(),
                rs.getInt(8));
    }
}

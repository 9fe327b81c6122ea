package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.SigningSecrets;
import com.polaris.operator.secret.Templates;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The custom actions of each workspace. Creating one checks everything that can be checked before
 * a request is ever sent: the name, the base, the input schema (JSON Schema 2020-12), and the request
 * template — an absolute {@code https} URL with no placeholders and no credentials in it, header
 * names that are tokens and not ones Polaris sets itself, placeholders that exist, and secrets only
 * in header values and bodies. A webhook action gets its Standard Webhooks signing secret here.
 * Each node caches a workspace's custom actions for {@link #find}; creating one is announced to
 * {@link Changes}, as is changing one.
 */
@Component
public class CustomActions {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{2,63}");
    /** Names the console's own pages use under /tools/. */
    private static final Set<String> RESERVED = Set.of("new");

    public static final String WEBHOOK = "generic_webhook";
    public static final String EMAIL = "send_email";

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers Polaris sets itself, or that would change how the request is framed or routed. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
            "connection",
            "upgrade",
            "te",
            "trailer",
            "expect",
            "keep-alive",
            "proxy-authorization",
            "proxy-connection",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature");

    private static final Set<String> FIELDS = Set.of("name", "title", "description", "base", "inputSchema", "config");
    private static final Set<String> WEBHOOK_CONFIG = Set.of("url", "headers", "body");
    private static final Set<String> EMAIL_CONFIG = Set.of("to", "subject", "body", "html");
    private static final String CACHE = "custom_actions";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Catalog catalog;
    private final SigningSecrets signingSecrets;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Changes changes;
    private final ApplicationEventPublisher events;
    private final SettingsCache<String, Map<String, CustomAction>> cached;

    CustomActions(
            JdbcClient jdbc,
            JsonMapper json,
            @Lazy Catalog catalog,
            SigningSecrets signingSecrets,
            AuditLog audit,
            Clock clock,
            PlatformTransactionManager transactions,
            Changes changes,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.catalog = catalog;
        this.signingSecrets = signingSecrets;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.changes = changes;
        this.events = events;
        this.cached = changes.perWorkspace(CACHE);
    }

    /** A new custom action, and for a webhook its signing secret (shown to the creator). */
    public record Created(CustomAction action, @Nullable String signingSecret) {}

    public Optional<CustomAction> find(String workspaceId, String name) {
        return Optional.ofNullable(cached.get(
                        workspaceId,
                        w -> all(w).stream()
                                .collect(Collectors.toUnmodifiableMap(CustomAction::name, Function.identity())))
                .get(name));
    }

    public List<CustomAction> all(String workspaceId) {
        return jdbc.sql("""
                        select name, title, description, base, input_schema, config, created_at
                        from custom_tools where workspace_id = ? order by name""").param(workspaceId).query(this::row).list();
    }

    /** Defines a custom action (owners and admins); 422 with every problem found, 409 when the name is taken. */
    public Created create(Caller caller, @Nullable JsonNode body) {
        caller.requireConfigurer();
        Definition d = definition(body, null);
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
                String signingSecret =
                        WEBHOOK.equals(d.base()) ? signingSecrets.create(caller.workspaceId(), d.name()) : null;
                var data = new LinkedHashMap<String, Object>();
                data.put("name", d.name());
                data.put("base", d.base());
                data.put("title", d.title());
                audit.append(caller.workspaceId(), "tool.created", caller.actor(), "policy:" + d.name(), null, data);
                return new Created(
                        new CustomAction(
                                d.name(), d.title(), d.description(), d.base(), d.inputSchema(), d.config(), now),
                        signingSecret);
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
    public CustomAction update(Caller caller, String name, @Nullable JsonNode body) {
        caller.requireConfigurer();
        // The name and base never change, so the definition can be checked before the row is locked.
        Definition definition = definition(body, one(caller.workspaceId(), name, ""));
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
                    existing.createdAt());
            if (changed.isEmpty()) {
                return updated;
            }
            events.publishEvent(new CustomActionChanging(caller.workspaceId(), name));
            jdbc.sql("""
                            update custom_tools set title = ?, description = ?, input_schema = ?, config = ?
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
                    "tool.updated",
                    caller.actor(),
                    "tool:" + name,
                    null,
                    Map.of("name", name, "changed", changed));
            return updated;
        }));
    }

    /** A custom action of the workspace, read with {@code lock} (empty, or a locking clause); 404 if there is none. */
    private CustomAction one(String workspaceId, String name, String lock) {
        return jdbc.sql("""
                        select name, title, description, base, input_schema, config, created_at
                        from custom_tools where workspace_id = ? and name = ?""" + lock)
                .params(workspaceId, name)
                .query(this::row)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("The custom action '" + name + "'"));
    }

    /** A custom action as a request defines it, every field checked. */
    private record Definition(
            String name, String title, String description, String base, JsonNode inputSchema, JsonNode config) {}

    /**
     * Checks a definition: a new one ({@code existing} null), or a new version of {@code existing},
     * whose name and base may be repeated but not changed. Throws 422 with every problem found.
     */
    private Definition definition(@Nullable JsonNode body, @Nullable CustomAction existing) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("The request body must be a JSON object.", List.of());
        }
        var errors = new ArrayList<FieldProblem>();
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldProblem(field, "is not an allowed field"));
            }
        }
        String name;
        String base;
        if (existing == null) {
            name = text(body, "name", errors);
            base = text(body, "base", errors);
            if (name != null && !NAME.matcher(name).matches()) {
                errors.add(new FieldProblem("name", "must match ^[a-z][a-z0-9_]{2,63}$"));
            } else if (name != null && catalog.isBuiltIn(name)) {
                errors.add(new FieldProblem("name", "is the name of a built-in tool"));
            } else if (name != null && RESERVED.contains(name)) {
                errors.add(new FieldProblem("name", "is reserved; choose another name"));
            }
            if (base != null && !base.equals(WEBHOOK) && !base.equals(EMAIL)) {
                errors.add(new FieldProblem("base", "must be one of generic_webhook, send_email"));
            }
        } else {
            name = existing.name();
            base = existing.base();
            unchanged(body, "name", name, errors);
            unchanged(body, "base", base, errors);
        }
        String title = text(body, "title", errors);
        String description =
                body.path("description").isString() ? body.path("description").asString() : "";
        if (body.has("description") && !body.path("description").isString()) {
            errors.add(new FieldProblem("description", "must be a string"));
        }
        if (title != null && title.length() > 200) {
            errors.add(new FieldProblem("title", "must be at most 200 characters"));
        }
        if (description.length() > 2000) {
            errors.add(new FieldProblem("description", "must be at most 2000 characters"));
        }
        JsonNode schema = body.path("inputSchema");
        if (schema.isMissingNode() || schema.isNull()) {
            errors.add(new FieldProblem("inputSchema", "is required"));
        } else {
            errors.addAll(catalog.schemaProblems(schema, "inputSchema"));
        }
        JsonNode config = body.path("config");
        if (!config.isObject()) {
            errors.add(new FieldProblem("config", "must be an object"));
        } else if (WEBHOOK.equals(base)) {
            webhookProblems(config, errors);
        } else if (EMAIL.equals(base)) {
            emailProblems(config, errors);
        }
        if (!errors.isEmpty() || name == null || title == null || base == null) {
            throw ApiProblem.invalid("The custom action is not valid.", errors);
        }
        return new Definition(name, title, description, base, schema, config);
    }

    private static void unchanged(JsonNode body, String field, String current, List<FieldProblem> errors) {
        JsonNode given = body.path(field);
        if (!given.isMissingNode()
                && !(given.isString() && given.asString().trim().equals(current))) {
            errors.add(new FieldProblem(field, "cannot be changed; make a new custom action instead"));
        }
    }

    private static void webhookProblems(JsonNode config, List<FieldProblem> errors) {
        unknownFields(config, WEBHOOK_CONFIG, errors);
        JsonNode url = config.path("url");
        if (!url.isString()) {
            errors.add(new FieldProblem("config.url", "is required"));
        } else {
            String problem = urlProblem(url.asString());
            if (problem != null) {
                errors.add(new FieldProblem("config.url", problem));
            }
        }
        JsonNode headers = config.path("headers");
        if (!headers.isMissingNode() && !headers.isObject()) {
            errors.add(new FieldProblem("config.headers", "must be an object of header names to values"));
        } else if (headers.isObject()) {
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                String field = "config.headers." + header.getKey();
                if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                    errors.add(new FieldProblem(field, "is not a valid header name"));
                } else if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldProblem(field, "is set by Polaris and cannot be configured"));
                }
                if (!header.getValue().isString()) {
                    errors.add(new FieldProblem(field, "must be a string"));
                } else {
                    String value = header.getValue().asString();
                    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                        errors.add(new FieldProblem(field, "must not contain CR, LF or NUL"));
                    }
                    Templates.problems(value, true).forEach(p -> errors.add(new FieldProblem(field, p)));
                }
            }
        }
        if (config.has("body")) {
            Templates.problems(config.path("body"), true).forEach(p -> errors.add(new FieldProblem("config.body", p)));
        }
    }

    private static void emailProblems(JsonNode config, List<FieldProblem> errors) {
        unknownFields(config, EMAIL_CONFIG, errors);
        for (String field : EMAIL_CONFIG) {
            JsonNode value = config.path(field);
            if (value.isMissingNode()) {
                continue;
            }
            if (!value.isString()) {
                errors.add(new FieldProblem("config." + field, "must be a string"));
                continue;
            }
            boolean secretsAllowed = field.equals("body") || field.equals("html");
            Templates.problems(value.asString(), secretsAllowed)
                    .forEach(p -> errors.add(new FieldProblem("config." + field, p)));
        }
    }

    /** Why a webhook URL is refused, or null: https only, absolute, no credentials, no placeholders. */
    static @Nullable String urlProblem(String url) {
        if (url.contains("{{")) {
            return "must not contain placeholders (the URL is fixed; use headers or the body)";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials (use a header with {{secret:<name>}})";
        }
        if (uri.getRawFragment() != null) {
            return "must not contain a fragment";
        }
        return null;
    }

    private static void unknownFields(JsonNode config, Set<String> allowed, List<FieldProblem> errors) {
        for (String field : config.propertyNames()) {
            if (!allowed.contains(field)) {
                errors.add(new FieldProblem("config." + field, "is not an allowed field"));
            }
        }
    }

    private static @Nullable String text(JsonNode body, String field, List<FieldProblem> errors) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            errors.add(new FieldProblem(field, "must be a non-blank string"));
            return null;
        }
        return value.asString().trim();
    }

    private CustomAction row(ResultSet rs, int n) throws SQLException {
        return new CustomAction(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                json.readTree(rs.getString(5)),
                json.readTree(rs.getString(6)),
                rs.getTimestamp(7).toInstant());
    }
}

package com.polaris.operator.catalog;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.DateFormat;
import com.networknt.schema.format.DateTimeFormat;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools a workspace can propose ({@link BuiltInTool}s, then the workspace's custom actions),
 * and the check of a proposal's arguments against a tool's input schema. Built-in schemas live in {@code catalog/<tool>.schema.json} and are compiled once at
 * start-up; format assertions ({@code email}, {@code date-time}) are on, which JSON Schema 2020-12
 * leaves off by default, and dates must lie within {@link com.polaris.operator.api.SaneDates}.
 * Schemas never fetch remote references, so a custom action's {@code $ref} cannot make the service
 * call out (and {@link SchemaRules} refuses such a schema outright). {@link SchemaErrors} words the
 * errors, naming the field as {@code arguments.<path>}, the way API.md shows them.
 */
@Component
public class Catalog {

    /** The name under which {@link com.polaris.operator.cluster.Changes} announces changed custom actions. */
    public static final String CHANGES = "custom_actions";

    private final SchemaRegistry schemas;
    private final Map<String, Compiled> builtIns;
    private final @Nullable CustomActions customActions;
    private final @Nullable Publications publications;
    private final @Nullable ToolSwitches switches;

    /** The built-in tools only, for checks that need no database. */
    Catalog(JsonMapper json) {
        this(json, null, null, null);
    }

    @Autowired
    Catalog(
            JsonMapper json,
            @Nullable CustomActions customActions,
            @Nullable Publications publications,
            @Nullable ToolSwitches switches) {
        this.customActions = customActions;
        this.publications = publications;
        this.switches = switches;
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .format(new SaneDateFormat(new DateFormat()))
                .format(new SaneDateFormat(new DateTimeFormat()))
                .build();
        this.schemas = SchemaRegistry.withDefaultDialect(
                dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build())
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));
        var loaded = new LinkedHashMap<String, Compiled>();
        for (BuiltInTool builtIn : BuiltInTool.values()) {
            JsonNode schemaNode = readSchema(json, builtIn);
            Tool tool = new Tool(builtIn.wire(), builtIn.title(), builtIn.description(), builtIn.kind(), schemaNode);
            loaded.put(builtIn.wire(), new Compiled(tool, compile(schemaNode)));
        }
        this.builtIns = Map.copyOf(loaded);
    }

    private record Compiled(Tool tool, Schema schema) {}

    /** The tool of that name the workspace can use: a built-in, or one of the workspace's custom actions. */
    public Optional<Tool> find(String workspaceId, String name) {
        Compiled builtIn = builtIns.get(name);
        if (builtIn != null) {
            return Optional.of(builtIn.tool());
        }
        return customAction(workspaceId, name).map(CustomAction::tool);
    }

    /** Every tool the workspace can use, built-ins first in a fixed order, then its custom actions by name. */
    public List<Tool> all(String workspaceId) {
        var all = new ArrayList<Tool>(Arrays.stream(BuiltInTool.values())
                .map(b -> builtIns.get(b.wire()).tool())
                .toList());
        if (customActions != null) {
            customActions.all(workspaceId).forEach(c -> all.add(c.tool()));
        }
        return List.copyOf(all);
    }

    /**
     * The tools an agent may use in the workspace: the enabled, published ones, in the order of
     * {@link #all}. This is what integration keys list, what MCP {@code tools/list} shows and what
     * the function-calling export gives (each with {@link ActionStatusTool} beside it). A change of
     * publication is announced to {@link com.polaris.operator.cluster.Changes} under
     * {@link Publications#CACHE}, one of enabling under the policy module's cache.
     */
    public List<Tool> agentTools(String workspaceId) {
        return all(workspaceId).stream()
                .filter(t -> published(workspaceId, t.name()) && enabled(workspaceId, t.name()))
                .toList();
    }

    /**
     * The tool of that name as {@code caller} may see it: members see every tool of the workspace,
     * integration keys only published ones (a draft does not exist for them, so it is a 404).
     */
    public Optional<Tool> visibleTo(Caller caller, String name) {
        return find(caller.workspaceId(), name).filter(t -> caller.isMember() || published(caller.workspaceId(), name));
    }

    /** Whether the workspace has published {@code name}; false for a draft. */
    public boolean published(String workspaceId, String name) {
        return publications == null || publications.published(workspaceId, name);
    }

    private boolean enabled(String workspaceId, String name) {
        return switches == null || switches.enabled(workspaceId, name);
    }

    /** The workspace's custom action of that name, with the request template its base's executor renders. */
    public Optional<CustomAction> customAction(String workspaceId, String name) {
        return customActions == null || builtIns.containsKey(name)
                ? Optional.empty()
                : customActions.find(workspaceId, name);
    }

    /** Whether {@code name} is a built-in tool (custom actions may not take such a name). */
    public boolean isBuiltIn(String name) {
        return builtIns.containsKey(name);
    }

    /**
     * What is wrong with a custom action's input schema, each problem under its path from
     * {@code field}: it must keep to {@link SchemaRules} (bounded, self-contained, no cyclic
     * references), be a valid JSON Schema 2020-12 document (checked against the meta-schema) and
     * describe an object. Empty when it is fine.
     */
    public List<ApiProblem.FieldProblem> schemaProblems(JsonNode schema, String field) {
        if (!schema.isObject()) {
            return List.of(new ApiProblem.FieldProblem(field, "must be a JSON Schema object"));
        }
        var problems = new ArrayList<>(SchemaRules.problems(schema, field));
        if (!problems.isEmpty()) {
            return problems;
        }
        Schema meta = schemas.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        for (Error error : meta.validate(schema)) {
            problems.add(new ApiProblem.FieldProblem(field, error.getMessage()));
        }
        if (problems.isEmpty() && !"object".equals(schema.path("type").asString(""))) {
            problems.add(
                    new ApiProblem.FieldProblem(field, "must have \"type\": \"object\" (arguments are a JSON object)"));
        }
        if (problems.isEmpty()) {
            try {
                compile(schema);
            } catch (RuntimeException e) {
                problems.add(new ApiProblem.FieldProblem(field, "cannot be compiled: " + e.getMessage()));
            }
        }
        return problems;
    }

    /**
     * What is wrong with {@code arguments} for {@code tool}, one problem per broken rule, in schema
     * order; empty when they are valid. The alternatives of an {@code anyOf} are reported together
     * as one problem ("either email or phone is required").
     */
    public List<ApiProblem.FieldProblem> validate(Tool tool, JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return List.of(new ApiProblem.FieldProblem(SchemaErrors.ROOT, "is required"));
        }
        Compiled builtIn = builtIns.get(tool.name());
        List<Error> errors;
        if (builtIn != null && builtIn.tool().inputSchema() == tool.inputSchema()) {
            errors = builtIn.schema().validate(arguments);
        } else {
            try {
                errors = compile(tool.inputSchema()).validate(arguments);
            } catch (RuntimeException | StackOverflowError e) {
                // Only a schema saved before SchemaRules existed can get here.
                throw ApiProblem.conflict(
                        "tool-misconfigured",
                        "The input schema of '" + tool.name()
                                + "' cannot be used; an owner or admin must correct it (PUT /api/v1/tools/"
                                + tool.name() + ").");
            }
        }
        return SchemaErrors.problems(errors);
    }

    private Schema compile(JsonNode schemaNode) {
        Schema schema = schemas.getSchema(schemaNode);
        schema.initializeValidators();
        return schema;
    }

    private static JsonNode readSchema(JsonMapper json, BuiltInTool tool) {
        String resource = tool.schemaResource();
        try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing input schema " + resource);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.FunctionCalling;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The tools API as far as rules go: tool documents with their saved and effective policies,
 * saving a policy, its version history, enabling and disabling, and the policy presets.
 * Custom actions are defined through the catalog's own controller, signing secrets beside webhooks.
 * Anyone authenticated reads tools and presets; only members read history; owners and admins change.
 */
@RestController
@RequestMapping("/api/v1")
class ToolPolicyController {

    private final Catalog tools;
    private final Policies policies;
    private final ToolDocuments documents;

    ToolPolicyController(Catalog tools, Policies policies, ToolDocuments documents) {
        this.documents = documents;
        this.tools = tools;
        this.policies = policies;
    }

    record VersionItem(int version, Policy policy, ChangedBy changedBy, Instant changedAt) {

        static VersionItem of(PolicyVersion v) {
            return new VersionItem(
                    v.version(), v.policy(), new ChangedBy(v.changedById(), v.changedByName()), v.changedAt());
        }
    }

    record ChangedBy(String id, String name) {}

    @GetMapping("/policy-presets")
    Page<PolicyPreset> presets(@AuthenticationPrincipal Caller caller) {
        return new Page<>(PolicyPreset.ALL, null);
    }

    @GetMapping("/tools")
    @Operation(summary = "The tools, or the function definitions a model is given", description = """
            Without format: a page of tool documents by name. Members see every tool, drafts included             ("published": false); integration keys see only the tools an agent may use: enabled and published.             With format=openai or format=anthropic: {"items": [...], "nextCursor": null}, every tool an agent may             use (enabled and published, whoever asks) written for that provider's function calling, then             get_action_status, as MCP tools/list shows them: openai {"type": "function", "function": {"name",             "description", "parameters"}}, anthropic {"name", "description", "input_schema"}. Any other format is             400; a bad cursor or limit is 400.""")
    Page<?> list(
            @AuthenticationPrincipal Caller caller,
            PageRequest page,
            @RequestParam(required = false) @Nullable String format) {
        if (format != null) {
            FunctionCalling calling = FunctionCalling.parse(format)
                    .orElseThrow(() -> ApiProblem.badParameter("format must be openai or anthropic."));
            return new Page<>(calling.of(tools.agentTools(caller.workspaceId())), null);
        }
        Map<String, ToolSettings> settings = policies.all(caller.workspaceId());
        var visible = caller.isMember() ? tools.all(caller.workspaceId()) : tools.agentTools(caller.workspaceId());
        var rows = visible.stream()
                .sorted(Comparator.comparing(Tool::name))
                .filter(t -> page.after() == null || t.name().compareTo(page.after()) > 0)
                .limit(page.rows())
                .toList();
        var documents = this.documents.of(caller.workspaceId(), rows, settings);
        return page.page(documents, ToolDocument::name);
    }

    @GetMapping("/tools/{name}")
    @Operation(summary = "One tool", description = """
            The tool document, with "published" (false for a draft). A draft is 404 for integration keys, as is a             tool the workspace does not have.""")
    ToolDocument one(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Tool tool = find(caller, name);
        return documents.of(caller.workspaceId(), tool, null);
    }

    @PutMapping("/tools/{name}/policy")
    ToolDocument savePolicy(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            implementation = PolicyJsonSchema.class)))
                    @RequestBody(required = false)
                    @Nullable
                    JsonNode policy) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        return documents.of(caller.workspaceId(), tool, policies.save(caller, tool.name(), tool.kind(), policy), null);
    }

    @GetMapping("/tools/{name}/policy/versions")
    Page<VersionItem> versions(@AuthenticationPrincipal Caller caller, @PathVariable String name, PageRequest page) {
        caller.requireMember();
        Tool tool = find(caller, name);
        return policies.history(caller.workspaceId(), tool.name(), page).map(VersionItem::of);
    }

    @PostMapping("/tools/{name}/enable")
    ToolDocument enable(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return setEnabled(caller, name, true);
    }

    @PostMapping("/tools/{name}/disable")
    ToolDocument disable(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return setEnabled(caller, name, false);
    }

    private ToolDocument setEnabled(Caller caller, String name, boolean enabled) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        return documents.of(caller.workspaceId(), tool, policies.setEnabled(caller, tool.name(), enabled), null);
    }

    private Tool find(Caller caller, String name) {
        return tools.visibleTo(caller, name).orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
    }
}

package com.polaris.operator.policy;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.FunctionCalling;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import lombok.RequiredArgsConstructor;
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
@Tag(name = "Tools", description = "The action catalog: tools, custom actions, their policies and signing secrets.")
@RequiredArgsConstructor
class ToolPolicyController {

    private final Catalog tools;
    private final Policies policies;
    private final ToolDocuments documents;

    /** The examples' tool document up to its state ("enabled", "published"), which each operation adds. */
    private static final String EXAMPLE_TOOL = """
            {"name": "create_lead", "title": "Create lead", "description": "Records a sales lead.",
             "kind": "internal",""";

    /** The examples' tool document from its input schema up to its policy version, which each operation adds. */
    private static final String EXAMPLE_TOOL_RULES = """
             "inputSchema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                             "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"},
                                            "phone": {"type": "string"}},
                             "required": ["name"]},
             "policy": {"approval": "required", "execution": "background", "businessHours": false},
             "effectivePolicy": {"approval": "required", "execution": "background", "businessHours": false,
                                 "forced": []},
             "overridden": [],""";

    record VersionItem(int version, Policy policy, ChangedBy changedBy, Instant changedAt) {

        static VersionItem of(PolicyVersion v) {
            return new VersionItem(
                    v.version(), v.policy(), new ChangedBy(v.changedById(), v.changedByName()), v.changedAt());
        }
    }

    record ChangedBy(String id, String name) {}

    @GetMapping("/policy-presets")
    @Operation(summary = "Policy presets", description = """
                    Starting points for a tool's policy: safe_default (approval required, background), \
                    internal_low_risk (no approval, immediate) and business_hours (approval required, \
                    background, inside business hours). Nothing is saved until a policy is PUT.""")
    @ApiExamples(response = """
            {"items": [{"name": "safe_default", "title": "Safe default",
                        "description": "Every request waits for a person and runs in the background.",
                        "policy": {"approval": "required", "execution": "background", "businessHours": false}}],
             "nextCursor": null}""")
    Page<PolicyPreset> presets(@AuthenticationPrincipal Caller caller) {
        return new Page<>(PolicyPreset.ALL, null);
    }

    @GetMapping("/tools")
    @Operation(summary = "List tools, or the function definitions a model is given", description = """
                    Without format: a page of the workspace's tools, built-in and custom, by name: input schema \
                    (JSON Schema 2020-12), the saved policy, the effective one (external tools always require \
                    approval and run in the background; "forced" names what was overridden), the policy version, \
                    warnings and "published". Members see every tool, drafts included ("published": false); \
                    integration keys see only the tools an agent may use: enabled and published. With \
                    format=openai or format=anthropic: {"items": [...], "nextCursor": null}, every tool an agent \
                    may use (enabled and published, whoever asks) written for that provider's function calling, \
                    then get_action_status, as MCP tools/list shows them: openai {"type": "function", \
                    "function": {"name", "description", "parameters"}}, anthropic {"name", "description", \
                    "input_schema"}. Any other format is 400.""")
    @ApiExamples(response = "{\"items\": [" + EXAMPLE_TOOL + """
             "enabled": true, "published": true,""" + EXAMPLE_TOOL_RULES + """
             "policyVersion": 3, "warnings": []}], "nextCursor": "create_lead"}""")
    Page<?> list(
            @AuthenticationPrincipal Caller caller,
            PageRequest page,
            @RequestParam(required = false)
                    @Parameter(description = "openai or anthropic: function definitions")
                    @Nullable
                    String format) {
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
    @Operation(summary = "Read a tool", description = """
                    One tool document, as the list shows it, with "published" (false for a draft). A draft is \
                    404 for integration keys, as is a tool the workspace does not have.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = EXAMPLE_TOOL + """
             "enabled": true, "published": true,""" + EXAMPLE_TOOL_RULES + """
             "policyVersion": 3, "warnings": []}""")
    ToolDocument one(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Tool tool = find(caller, name);
        return documents.of(caller.workspaceId(), tool, null);
    }

    @PutMapping("/tools/{name}/policy")
    @Operation(summary = "Save a tool's policy (owners, admins)", description = """
                    Replaces the tool's policy and answers the tool. approval (required, optional, none), \
                    execution (immediate, background), businessHours, \
                    retry, reviewers, routes, expiry, reminders, escalation and review; see README. Unknown \
                    fields or values, a CEL expression that does not compile (the message gives the \
                    position) or reviewers who are not members → 422 with errors, nothing saved. Every \
                    change is versioned and audited; a pending approval follows the new policy at once.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(request = """
                    {"approval": "required",
             "execution": "background", "businessHours": false, "retry": {"maxAttempts": 5},
             "reviewers": {"roles": ["reviewer", "admin"], "members": ["lead@acme.test"], "quorum": 1},
             "routes": [{"when": "args.percent > 30", "reviewers": {"roles": ["owner"], "quorum": 2}}],
             "approvalExpiresAfter": "PT72H", "remindAfter": "PT4H", "escalateAfter": "PT24H",
             "review": {"summary": "Apply {{args.percent}}% off for {{args.customer}}",
                        "highlight": ["percent", "customer"], "requireContext": ["reason"],
                        "conversationMessages": 10}}""", response = EXAMPLE_TOOL + """
             "enabled": true,""" + EXAMPLE_TOOL_RULES + """
             "policyVersion": 4, "warnings": []}""")
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
    @Operation(
            summary = "A tool's policy history (members)",
            description = "Every saved version of the tool's policy, newest first, with who saved it and when.")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"items": [{"version": 3,
                        "policy": {"approval": "required", "execution": "background", "businessHours": false},
                        "changedBy": {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "name": "Marta Gil"},
                        "changedAt": "2026-11-20T16:02:11Z"}],
             "nextCursor": "2"}""")
    Page<VersionItem> versions(@AuthenticationPrincipal Caller caller, @PathVariable String name, PageRequest page) {
        caller.requireMember();
        Tool tool = find(caller, name);
        return policies.history(caller.workspaceId(), tool.name(), page).map(VersionItem::of);
    }

    @PostMapping("/tools/{name}/enable")
    @Operation(
            summary = "Enable a tool (owners, admins)",
            description = "Proposals of the tool are accepted again; answers the tool. Audited.")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE_TOOL + """
             "enabled": true,""" + EXAMPLE_TOOL_RULES + """
             "policyVersion": 3, "warnings": []}""")
    ToolDocument enable(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return setEnabled(caller, name, true);
    }

    @PostMapping("/tools/{name}/disable")
    @Operation(summary = "Disable a tool (owners, admins)", description = """
                    New proposals of the tool are refused (409 tool-disabled); actions already proposed keep \
                    their course. Answers the tool. Audited.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE_TOOL + """
             "enabled": false,""" + EXAMPLE_TOOL_RULES + """
             "policyVersion": 3, "warnings": []}""")
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

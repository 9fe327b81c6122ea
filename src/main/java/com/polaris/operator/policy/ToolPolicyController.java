package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomActions;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.SigningSecrets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
 * Anyone authenticated reads tools and presets; only members read history; owners and admins change.
 */
@RestController
@RequestMapping("/api/v1")
class ToolPolicyController {

    private final Catalog tools;
    private final Policies policies;
    private final CustomActions customActions;
    private final SigningSecrets signingSecrets;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    ToolPolicyController(
            Catalog tools,
            Policies policies,
            CustomActions customActions,
            SigningSecrets signingSecrets,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.tools = tools;
        this.policies = policies;
        this.customActions = customActions;
        this.signingSecrets = signingSecrets;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Defines a custom action on an external base (owners and admins); a webhook's answer carries its signing secret. */
    @PostMapping("/tools")
    ResponseEntity<ToolDocument> create(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) @Nullable JsonNode body) {
        CustomActions.Created created = customActions.create(caller, body);
        Tool tool = created.action().tool();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(ToolDocument.of(
                        tool, policies.current(caller.workspaceId(), tool.name()), created.signingSecret()));
    }

    @GetMapping("/tools/{name}/signing-secret")
    SigningSecretAnswer signingSecret(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        return signingSecrets
                .current(caller.workspaceId(), tool.name())
                .map(SigningSecretAnswer::new)
                .orElseThrow(() -> ApiProblem.notFound("A signing secret of '" + name + "'"));
    }

    /** Replaces the signing secret; the previous one keeps signing for 24 hours so receivers can switch. */
    @PostMapping("/tools/{name}/signing-secret/rotate")
    SigningSecretAnswer rotateSigningSecret(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        String rotated = tx.execute(status -> {
            String secret = signingSecrets
                    .rotate(caller.workspaceId(), tool.name())
                    .orElseThrow(() -> ApiProblem.notFound("A signing secret of '" + name + "'"));
            audit.append(
                    caller.workspaceId(),
                    "tool.signing_secret_rotated",
                    caller.actor(),
                    Policies.subject(tool.name()),
                    null,
                    Map.of("name", tool.name()));
            return secret;
        });
        return new SigningSecretAnswer(rotated);
    }

    /**
     * A tool as API.md describes it: the catalog's definition with the workspace's settings.
     * {@code overridden} names the saved rules the forced ones replace (a weaker policy saved on an
     * external tool is kept, and shown here, not silently ignored); {@code base} names the built-in
     * a custom action runs on.
     */
    record ToolDocument(
            String name,
            String title,
            String description,
            ToolKind kind,
            boolean enabled,
            JsonNode inputSchema,
            Policy policy,
            EffectivePolicy effectivePolicy,
            List<String> overridden,
            int policyVersion,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String base,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String signingSecret) {

        static ToolDocument of(Tool tool, ToolSettings settings) {
            return of(tool, settings, null);
        }

        static ToolDocument of(Tool tool, ToolSettings settings, @Nullable String signingSecret) {
            EffectivePolicy effective = PolicyEngine.effective(tool.kind(), settings.policy());
            var overridden = new java.util.ArrayList<String>();
            if (effective.approval() != settings.policy().approval()) {
                overridden.add("approval");
            }
            if (effective.execution() != settings.policy().execution()) {
                overridden.add("execution");
            }
            return new ToolDocument(
                    tool.name(),
                    tool.title(),
                    tool.description(),
                    tool.kind(),
                    settings.enabled(),
                    tool.inputSchema(),
                    settings.policy(),
                    effective,
                    List.copyOf(overridden),
                    settings.version(),
                    tool.base(),
                    signingSecret);
        }
    }

    record SigningSecretAnswer(String signingSecret) {}

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
    Page<ToolDocument> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        int size = Page.limit(limit);
        String after = Page.after(cursor);
        Map<String, ToolSettings> settings = policies.all(caller.workspaceId());
        List<Tool> page = tools.all(caller.workspaceId()).stream()
                .sorted(Comparator.comparing(Tool::name))
                .filter(t -> after == null || t.name().compareTo(after) > 0)
                .limit(size + 1L)
                .toList();
        return Page.of(
                page,
                size,
                Tool::name,
                t -> ToolDocument.of(t, settings.getOrDefault(t.name(), ToolSettings.unconfigured(t.name()))));
    }

    @GetMapping("/tools/{name}")
    ToolDocument one(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Tool tool = find(caller, name);
        return ToolDocument.of(tool, policies.current(caller.workspaceId(), tool.name()));
    }

    /** Changes a custom action's definition (owners and admins); its name, base, policy and signing secret stay. */
    @PutMapping("/tools/{name}")
    ToolDocument update(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        Tool tool = customActions.update(caller, name, body).tool();
        return ToolDocument.of(tool, policies.current(caller.workspaceId(), tool.name()));
    }

    @PutMapping("/tools/{name}/policy")
    ToolDocument savePolicy(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode policy) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        return ToolDocument.of(tool, policies.save(caller, tool.name(), tool.kind(), policy));
    }

    @GetMapping("/tools/{name}/policy/versions")
    Page<VersionItem> versions(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        caller.requireMember();
        Tool tool = find(caller, name);
        Page<PolicyVersion> page = policies.history(caller.workspaceId(), tool.name(), cursor, Page.limit(limit));
        return new Page<>(page.items().stream().map(VersionItem::of).toList(), page.nextCursor());
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
        return ToolDocument.of(tool, policies.setEnabled(caller, tool.name(), enabled));
    }

    private Tool find(Caller caller, String name) {
        return tools.find(caller.workspaceId(), name).orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
    }
}

package com.polaris.operator.web;

import com.polaris.operator.action.DryRuns;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Role;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** A custom action's Test button: a dry run with the API's own service, shown in the tool's page. */
@Controller
@RequiredArgsConstructor
class ToolTestPage {

    private static final String TEST_FORM = "test-form";

    private final ToolPage toolPage;
    private final DryRuns dryRuns;
    private final JsonMapper json;

    /**
     * The Test button: a dry run of a custom action, shown in its page (htmx swaps in just the
     * test form and its result). What is wrong with the arguments is said beside them.
     */
    @PostMapping("/tools/{name}/test")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String test(ConsoleMember me, @PathVariable String name, @RequestParam Map<String, String> params, Model model) {
        Tool tool = toolPage.tool(me, name);
        String arguments = params.getOrDefault("arguments", "");
        model.addAttribute("testArguments", arguments);
        var errors = FormErrors.notDone(
                        TEST_FORM,
                        "The test did not run",
                        new FormErrors.Field("arguments", "test-arguments", "Arguments"))
                .checkText(params);
        var body = FormJson.argumentsBody(json, arguments, errors);
        if (body != null) {
            try {
                DryRuns.DryRun run = dryRuns.run(me.caller(), tool.name(), body);
                model.addAttribute("dryRun", run);
                model.addAttribute("dryRunInput", toolPage.pretty(run.input()));
                model.addAttribute("dryRunRequest", run.request() == null ? null : toolPage.pretty(run.request()));
            } catch (ApiProblem problem) {
                if (problem.kind() != ApiProblem.Kind.INVALID) {
                    throw problem;
                }
                if (problem.errors().isEmpty()) {
                    errors.addSentence("arguments", String.valueOf(problem.getMessage()));
                }
                problem.errors().forEach(e -> errors.addSentence("arguments", FormErrors.aboutArguments(e)));
            }
        }
        return toolPage.showSaved(me, tool, null, errors, model);
    }
}

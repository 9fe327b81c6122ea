package com.polaris.operator.web;

import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.Proposals;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tool's "Run a test" form: a real action marked as a test, proposed through the same path as
 * {@code POST /api/v1/tools/{name}/test-runs} (the tool's rules and approvals apply), for a draft
 * before it is published or a published tool alike. It opens the new action's page.
 */
@Controller
@RequiredArgsConstructor
class ToolTestRunPage {

    static final String FORM = "test-run-form";

    private final ToolPage toolPage;
    private final Proposals proposals;
    private final JsonMapper json;

    @PostMapping("/tools/{name}/test-runs")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String run(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = toolPage.tool(me, name);
        String arguments = params.getOrDefault("arguments", "");
        String reason = params.getOrDefault("reason", "");
        model.addAttribute("testRunArguments", arguments);
        model.addAttribute("testRunReason", reason);
        var errors = FormErrors.notDone(
                        FORM,
                        "The test run was not started",
                        new FormErrors.Field("arguments", "test-run-arguments", "Test input"),
                        new FormErrors.Field("reason", "test-run-reason", "Why you run it"))
                .checkText(params);
        var body = FormJson.argumentsBody(json, arguments, errors);
        if (body != null) {
            if (!reason.isBlank()) {
                body.put("reason", reason.strip());
            }
            try {
                ActionView action = proposals.testRun(me.caller(), tool.name(), body, Proposals.Via.CONSOLE);
                flash.addFlashAttribute(
                        "notice",
                        "Test run started: it takes the tool's rules like any proposal"
                                + (action.approval() == null ? "." : ", so it waits for approval."));
                return "redirect:/actions/" + action.id();
            } catch (ApiProblem problem) {
                if (problem.kind() == ApiProblem.Kind.NOT_FOUND) {
                    throw problem;
                }
                if (problem.errors().isEmpty()) {
                    errors.addToForm(String.valueOf(problem.getMessage()));
                }
                problem.errors().forEach(e -> {
                    if (e.field().equals("reason")) {
                        errors.add("reason", e.message());
                    } else {
                        errors.addSentence("arguments", FormErrors.aboutArguments(e));
                    }
                });
            }
        }
        return toolPage.showSaved(me, tool, null, errors, model);
    }
}

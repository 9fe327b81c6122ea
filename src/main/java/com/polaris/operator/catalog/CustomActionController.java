package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Defining and changing custom actions (owners and admins); both answer the tool document. */
@RestController
@RequestMapping("/api/v1")
class CustomActionController {

    private final CustomActions customActions;
    private final ToolAnswers answers;

    CustomActionController(CustomActions customActions, ToolAnswers answers) {
        this.customActions = customActions;
        this.answers = answers;
    }

    /** Defines a custom action on an external base; a webhook's answer carries its signing secret. */
    @PostMapping("/tools")
    ResponseEntity<Object> create(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) @Nullable JsonNode body) {
        CustomActions.Created created = customActions.create(caller, body);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(answers.of(caller.workspaceId(), created.action().tool(), created.shownOnce()));
    }

    /** Changes a custom action's definition; its name, base, policy and signing secret stay. */
    @PutMapping("/tools/{name}")
    Object update(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return answers.of(
                caller.workspaceId(), customActions.update(caller, name, body).tool(), null);
    }

    /** A change refused while approved actions of the custom action have not finished. */
    @ExceptionHandler(ToolInUse.class)
    ResponseEntity<ProblemDetail> inUse(ToolInUse refused) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ApiProblem.conflict("tool-busy", refused.getMessage())));
    }
}

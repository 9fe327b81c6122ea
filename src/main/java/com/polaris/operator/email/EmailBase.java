package com.polaris.operator.email;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.ExternalBase;
import com.polaris.operator.secret.Templates;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Custom actions on {@code send_email}: each of {@code to}, {@code subject}, {@code body} and
 * {@code html} is an optional template (text, with placeholders that exist); secrets only in the
 * bodies, never in a header.
 */
@Component
class EmailBase extends ExternalBase {

    private static final List<String> CONFIG = List.of("to", "subject", "body", "html");
    private static final Set<String> SECRETS_ALLOWED = Set.of("body", "html");

    EmailBase() {
        super(BuiltInTool.SEND_EMAIL, CONFIG);
    }

    @Override
    protected void addFieldProblems(JsonNode config, List<FieldProblem> errors) {
        for (String field : CONFIG) {
            JsonNode value = config.path(field);
            if (value.isMissingNode()) {
                continue;
            }
            if (!value.isString()) {
                errors.add(new FieldProblem("config." + field, "must be a string"));
                continue;
            }
            Templates.problems(value.asString(), SECRETS_ALLOWED.contains(field))
                    .forEach(p -> errors.add(new FieldProblem("config." + field, p)));
        }
    }
}

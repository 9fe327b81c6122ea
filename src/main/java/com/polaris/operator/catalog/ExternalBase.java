package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A built-in external tool that custom actions run on. The module of its executor knows what a
 * custom action's {@code config} (the request template the executor renders) may hold; the catalog
 * only collects the bases, so it never needs to tell a webhook from an email.
 */
public interface ExternalBase {

    BuiltInTool tool();

    /** Every problem of a custom action's config object, each under its path from {@code config}; empty when it is fine. */
    List<FieldProblem> configProblems(JsonNode config);

    /**
     * A problem for each field of {@code config} that is not one of {@code allowed}, in a list the
     * base goes on adding its own problems to.
     */
    static List<FieldProblem> fieldsNotAllowed(JsonNode config, Collection<String> allowed) {
        var problems = new ArrayList<FieldProblem>();
        for (String field : config.propertyNames()) {
            if (!allowed.contains(field)) {
                problems.add(new FieldProblem("config." + field, "is not an allowed field"));
            }
        }
        return problems;
    }

    /**
     * Called in the transaction that creates a custom action on this base, after its row is written.
     * What it answers (a webhook's signing secret) is shown to the creator, once; null for nothing.
     */
    default @Nullable String created(String workspaceId, String name) {
        return null;
    }
}

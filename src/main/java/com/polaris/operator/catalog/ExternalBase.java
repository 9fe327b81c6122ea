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
 * only collects the bases, so it never needs to tell a webhook from an email. What every base
 * refuses alike, a field it does not know, is refused here, before the base checks its own fields.
 */
public abstract class ExternalBase {

    private final BuiltInTool tool;
    private final Collection<String> configFields;

    /** A base for {@code tool}, whose config may hold only {@code configFields}. */
    protected ExternalBase(BuiltInTool tool, Collection<String> configFields) {
        this.tool = tool;
        this.configFields = configFields;
    }

    public final BuiltInTool tool() {
        return tool;
    }

    /** Every problem of a custom action's config object, each under its path from {@code config}; empty when it is fine. */
    public final List<FieldProblem> configProblems(JsonNode config) {
        var problems = new ArrayList<FieldProblem>();
        for (String field : config.propertyNames()) {
            if (!configFields.contains(field)) {
                problems.add(new FieldProblem("config." + field, "is not an allowed field"));
            }
        }
        addFieldProblems(config, problems);
        return problems;
    }

    /** Adds to {@code problems} what is wrong with the allowed fields of {@code config}, each under its path. */
    protected abstract void addFieldProblems(JsonNode config, List<FieldProblem> problems);

    /**
     * Called in the transaction that creates a custom action on this base, after its row is written.
     * What it answers (a webhook's signing secret) is shown to the creator, once; null for nothing.
     */
    public @Nullable String created(String workspaceId, String name) {
        return null;
    }
}

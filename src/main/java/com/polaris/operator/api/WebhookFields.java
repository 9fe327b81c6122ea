package com.polaris.operator.api;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The two fields every receiver of Polaris' signed posts is set up with (the chat webhook, event
 * subscriptions): {@code url} and {@code events}, checked the same way, every problem under its
 * field.
 */
public final class WebhookFields {

    private WebhookFields() {}

    /**
     * The URL in {@code url}, or null with its problem added: required, at most {@code maxLength}
     * characters, and acceptable to {@code urlProblem} (which answers why not, or null).
     */
    public static @Nullable String url(
            JsonNode url, int maxLength, Function<String, @Nullable String> urlProblem, List<FieldProblem> errors) {
        if (!url.isString()) {
            errors.add(new FieldProblem("url", "is required, an https URL"));
            return null;
        }
        if (url.asString().length() > maxLength) {
            errors.add(new FieldProblem("url", "must be at most " + maxLength + " characters"));
            return null;
        }
        String problem = urlProblem.apply(url.asString());
        if (problem != null) {
            errors.add(new FieldProblem("url", problem));
            return null;
        }
        return url.asString();
    }

    /** The events listed in {@code given}: a non-empty list of {@code known} names, none twice. */
    public static List<String> events(JsonNode given, Collection<String> known, List<FieldProblem> errors) {
        String names = String.join(", ", known);
        if (!given.isArray() || given.isEmpty()) {
            errors.add(new FieldProblem("events", "must be a non-empty list of " + names));
            return List.of();
        }
        var events = new LinkedHashSet<String>();
        for (int i = 0; i < given.size(); i++) {
            JsonNode event = given.get(i);
            String field = "events[" + i + "]";
            if (!event.isString() || !known.contains(event.asString())) {
                errors.add(new FieldProblem(field, "is not one of " + names));
            } else if (!events.add(event.asString())) {
                errors.add(new FieldProblem(field, "is listed twice"));
            }
        }
        return new ArrayList<>(events);
    }
}

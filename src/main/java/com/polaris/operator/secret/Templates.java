package com.polaris.operator.secret;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request templates: {@code {{args.<field>}}}, {@code {{conversation.id}}}, {@code {{action.id}}} and
 * {@code {{secret:<name>}}}. Rendering is a pure function of the template, the run and a source of
 * secret values, so one code path renders both the request that is sent (real values, at send time
 * only) and every copy that is shown (values replaced by {@link #MASK}).
 */
public final class Templates {

    /** What every shown copy of a rendered secret reads. */
    public static final String MASK = "••••";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern ARGUMENT = Pattern.compile("args((?:\\.[A-Za-z0-9_-]+)+)");
    private static final String SECRET = "secret:";

    private Templates() {}

    /** The values a template is rendered with. */
    public record Context(JsonNode arguments, @Nullable String conversationId, String actionId) {}

    /** Where secret values come from: the store at send time, or a mask for shown copies. */
    @FunctionalInterface
    public interface SecretValues {

        /** @throws UnknownSecret when there is no such secret */
        String value(String name);
    }

    /** Secret values that are never revealed: each known secret reads {@link #MASK}. */
    public static SecretValues masked(Secrets secrets, String workspaceId) {
        return name -> {
            if (!secrets.exists(workspaceId, name)) {
                throw new UnknownSecret(name);
            }
            return MASK;
        };
    }

    /** Renders a text template (a header value, a subject, a body). */
    public static String text(String template, Context context, SecretValues secrets) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), context, secrets)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Renders a JSON template: every string is rendered as text, except a string that is exactly one
     * {@code {{args.<field>}}}, which becomes the argument's JSON value (a number stays a number).
     */
    public static JsonNode json(JsonNode template, Context context, SecretValues secrets) {
        if (template.isString()) {
            Matcher whole = PLACEHOLDER.matcher(template.asString());
            if (whole.matches() && ARGUMENT.matcher(whole.group(1)).matches()) {
                JsonNode argument = argument(whole.group(1), context);
                return argument == null ? JsonNodeFactory.instance.nullNode() : argument.deepCopy();
            }
            return JsonNodeFactory.instance.stringNode(text(template.asString(), context, secrets));
        }
        if (template.isObject()) {
            ObjectNode rendered = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                rendered.set(field.getKey(), json(field.getValue(), context, secrets));
            }
            return rendered;
        }
        if (template.isArray()) {
            var rendered = JsonNodeFactory.instance.arrayNode();
            template.forEach(item -> rendered.add(json(item, context, secrets)));
            return rendered;
        }
        return template.deepCopy();
    }

    /**
     * What is wrong with a text template: an unknown placeholder, or a secret where secrets may not
     * go (a URL, an address). Empty when it is fine.
     */
    public static List<String> problems(String template, boolean secretsAllowed) {
        var problems = new ArrayList<String>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String expression = m.group(1);
            if (expression.startsWith(SECRET)) {
                String name = expression.substring(SECRET.length());
                if (!secretsAllowed) {
                    problems.add("must not use a secret ({{secret:...}} is allowed only in header values and bodies)");
                } else if (!Secrets.NAME.matcher(name).matches()) {
                    problems.add("names an invalid secret '" + name + "'");
                }
            } else if (!expression.equals("conversation.id")
                    && !expression.equals("action.id")
                    && !ARGUMENT.matcher(expression).matches()) {
                problems.add("has an unknown placeholder {{" + expression + "}}");
            }
        }
        return problems;
    }

    /** The same checks over every string of a JSON template. */
    public static List<String> problems(JsonNode template, boolean secretsAllowed) {
        var problems = new LinkedHashSet<String>();
        collect(template, secretsAllowed, problems);
        return List.copyOf(problems);
    }

    private static void collect(JsonNode template, boolean secretsAllowed, Set<String> problems) {
        if (template.isString()) {
            problems.addAll(problems(template.asString(), secretsAllowed));
        } else if (template.isContainer()) {
            template.forEach(child -> collect(child, secretsAllowed, problems));
        }
    }

    private static String value(String expression, Context context, SecretValues secrets) {
        if (expression.startsWith(SECRET)) {
            return secrets.value(expression.substring(SECRET.length()));
        }
        if (expression.equals("conversation.id")) {
            return context.conversationId() == null ? "" : context.conversationId();
        }
        if (expression.equals("action.id")) {
            return context.actionId();
        }
        if (ARGUMENT.matcher(expression).matches()) {
            JsonNode argument = argument(expression, context);
            if (argument == null || argument.isNull()) {
                return "";
            }
            return argument.isValueNode() ? argument.asString() : argument.toString();
        }
        throw new IllegalArgumentException("Unknown placeholder {{" + expression + "}}");
    }

    private static @Nullable JsonNode argument(String expression, Context context) {
        JsonNode node = context.arguments();
        for (String part : expression.substring("args.".length()).split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() ? null : node;
    }
}

package com.polaris.operator.action;

import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomAction;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.secret.DigestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.erdtman.jcs.JsonCanonicalizer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keyed digest that binds an approval to what was approved. The content has three parts: the
 * context (tool and conversation), the arguments and, for a custom action, its definition (name,
 * base, version, input schema, request template). Each part is written as RFC 8785 canonical JSON
 * (JCS: keys sorted by UTF-16 code units, numbers in ECMAScript's shortest form, minimal string
 * escapes), together with the action and the approval it belongs to, and tagged with HMAC-SHA256
 * under {@link DigestKeys}. So equal content has one digest however its JSON was written, a digest
 * copied to another action or approval does not verify, nobody without the master key can make one
 * that does, and a mismatch can say which part differs.
 *
 * <p>The stored form is {@code v2;context=<tag>;arguments=<tag>[;definition=<tag>]}. A digest in
 * any other form (the unkeyed SHA-256 hex digests of earlier versions) is {@link Match#UNKEYED}:
 * it proves nothing, since anyone who can write the database could have computed it.
 */
@Component
@RequiredArgsConstructor
class ContentDigests {

    static final String VERSION = "v2";

    private final Catalog catalog;
    private final DigestKeys keys;
    private final JsonMapper json;

    /** How a recorded digest compares with the content as it stands. */
    enum Match {
        SAME,
        DIFFERENT,
        UNKEYED
    }

    /** The comparison, and when the content differs, one sentence per part that does. */
    record Comparison(Match match, List<String> differences) {}

    /** The digest of what would run now, for the approval the action waits for or was granted by. */
    String of(ActionRecord action, Tool tool) {
        var tags = new StringBuilder(VERSION);
        parts(action, tool)
                .forEach((name, content) ->
                        tags.append(';').append(name).append('=').append(keys.tag(content)));
        return tags.toString();
    }

    Comparison compare(String recorded, ActionRecord action, Tool tool) {
        Map<String, String> tags = parse(recorded);
        if (tags == null) {
            return new Comparison(Match.UNKEYED, List.of());
        }
        Map<String, byte[]> parts = parts(action, tool);
        var differences = new ArrayList<String>();
        int verified = 0;
        for (var part : parts.entrySet()) {
            String tag = tags.get(part.getKey());
            if (tag != null && keys.verifies(tag, part.getValue())) {
                verified++;
            } else {
                differences.add(difference(part.getKey(), action, tool));
            }
        }
        if (!tags.keySet().equals(parts.keySet()) && differences.isEmpty()) {
            differences.add("The kind of tool differs from what was approved");
        }
        if (verified == 0) {
            return new Comparison(
                    Match.DIFFERENT,
                    List.of("The recorded approval does not verify with this installation's digest key: "
                            + "what was approved, or the record of it, was changed outside Polaris"));
        }
        return new Comparison(differences.isEmpty() ? Match.SAME : Match.DIFFERENT, differences);
    }

    private String difference(String part, ActionRecord action, Tool tool) {
        return switch (part) {
            case "arguments" -> "The arguments differ from what was approved";
            case "definition" ->
                "The custom action's definition differs from what was approved (it is now version "
                        + catalog.customAction(action.workspaceId(), tool.name())
                                .map(CustomAction::version)
                                .orElse(0)
                        + ")";
            default -> "The tool or the conversation differs from what was approved";
        };
    }

    /** The tags of a digest in the current form, by part; null for any other form. */
    private static @Nullable Map<String, String> parse(String recorded) {
        String[] fields = recorded.split(";");
        if (fields.length < 3 || !VERSION.equals(fields[0])) {
            return null;
        }
        var tags = new LinkedHashMap<String, String>();
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq <= 0) {
                return null;
            }
            tags.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
        }
        return tags;
    }

    /** Each part's canonical bytes, naming the part, the action and the approval they are approved for. */
    private Map<String, byte[]> parts(ActionRecord action, Tool tool) {
        var parts = new LinkedHashMap<String, byte[]>();
        ObjectNode context = json.createObjectNode();
        context.put("tool", tool.name());
        context.put("conversationId", action.conversationId());
        parts.put("context", part("context", action, context));
        parts.put("arguments", part("arguments", action, action.arguments()));
        if (tool.isCustom()) {
            CustomAction custom =
                    catalog.customAction(action.workspaceId(), tool.name()).orElseThrow();
            ObjectNode definition = json.createObjectNode();
            definition.put("name", custom.name());
            definition.put("base", custom.base());
            definition.put("version", custom.version());
            definition.set("inputSchema", custom.inputSchema());
            definition.set("config", custom.config());
            parts.put("definition", part("definition", action, definition));
        }
        return parts;
    }

    private byte[] part(String name, ActionRecord action, JsonNode value) {
        ObjectNode content = json.createObjectNode();
        content.put("part", name);
        content.put("action", action.id());
        content.put("approval", action.approvalId());
        content.set("value", value);
        return canonical(json.writeValueAsString(content));
    }

    /** RFC 8785 canonical JSON, UTF-8. */
    static byte[] canonical(String jsonText) {
        try {
            return new JsonCanonicalizer(jsonText).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON that RFC 8785 can canonicalize", e);
        }
    }
}

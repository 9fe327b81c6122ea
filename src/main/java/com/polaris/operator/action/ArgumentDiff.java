package com.polaris.operator.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What a reviewer's edit changed in an action's arguments, field by field, for the audit trail. */
public final class ArgumentDiff {

    private ArgumentDiff() {}

    public static List<Map<String, Object>> between(JsonNode before, JsonNode after) {
        var fields = new LinkedHashSet<String>();
        before.propertyNames().forEach(fields::add);
        after.propertyNames().forEach(fields::add);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String field : fields) {
            JsonNode from = before.get(field);
            JsonNode to = after.get(field);
            if (from == null ? to != null : !from.equals(to)) {
                var change = new LinkedHashMap<String, Object>();
                change.put("field", field);
                change.put("from", from);
                change.put("to", to);
                changes.add(change);
            }
        }
        return changes;
    }
}

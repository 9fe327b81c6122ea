package com.polaris.operator.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The bases custom actions run on, by their tool's name: each module that plugs one in names its own. */
@Component
class ExternalBases {

    private final Map<String, ExternalBase> byName = new TreeMap<>();

    ExternalBases(List<ExternalBase> bases) {
        for (ExternalBase base : bases) {
            if (byName.put(base.tool().wire(), base) != null) {
                throw new IllegalStateException(
                        "Two external bases are " + base.tool().wire());
            }
        }
    }

    @Nullable
    ExternalBase get(String name) {
        return byName.get(name);
    }

    /** The bases' names, in order. */
    Set<String> names() {
        return byName.keySet();
    }
}

package com.polaris.operator.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Internal tools write records inside Polaris; external ones send data outside it. */
public enum ToolKind {
    INTERNAL,
    EXTERNAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

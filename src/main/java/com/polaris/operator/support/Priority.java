package com.polaris.operator.support;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/** How soon a support task needs attention. */
public enum Priority implements WireName {
    LOW,
    NORMAL,
    HIGH,
    URGENT;

    public static Optional<Priority> parse(String value) {
        return WireName.parse(Priority.class, value);
    }
}

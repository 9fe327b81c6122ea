package com.polaris.operator.catalog;

import com.polaris.operator.api.WireName;

/** Internal tools write records inside Polaris; external ones send data outside it. */
public enum ToolKind implements WireName {
    INTERNAL,
    EXTERNAL;
}

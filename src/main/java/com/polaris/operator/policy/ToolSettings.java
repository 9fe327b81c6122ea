package com.polaris.operator.policy;

/**
 * What a workspace has set for one tool: the saved policy and its version, and whether the tool is
 * enabled. A tool nobody has configured has the safe default at version 0 and is enabled, so
 * callers never need to tell "never saved" apart except through {@code configured}.
 */
public record ToolSettings(String tool, Policy policy, int version, boolean enabled, boolean configured) {

    static ToolSettings unconfigured(String tool) {
        return new ToolSettings(tool, Policy.SAFE_DEFAULT, 0, true, false);
    }
}

package com.polaris.operator.policy;

/** A new version of {@code tool}'s policy was saved. Published inside the saving transaction. */
public record PolicySaved(String workspaceId, String tool, int version) {}

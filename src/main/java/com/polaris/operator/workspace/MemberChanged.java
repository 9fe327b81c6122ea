package com.polaris.operator.workspace;

import com.polaris.operator.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * A member joined, changed role or left ({@code role} null). Published inside the changing
 * transaction, so what depends on a member's role changes with it or not at all.
 */
public record MemberChanged(
        String workspaceId, String memberId, @Nullable Role role) {}

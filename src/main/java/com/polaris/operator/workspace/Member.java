package com.polaris.operator.workspace;

import com.polaris.operator.identity.Role;
import java.time.Instant;

/** A member of one workspace: a person with a role there, signing in with an email and password. */
public record Member(String id, String workspaceId, String email, String name, Role role, Instant createdAt) {}

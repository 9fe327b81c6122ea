package com.polaris.operator.approval;

import com.polaris.operator.identity.Actor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A person approved the gate {@code approvalId} of {@code subjectId}, with their edit of its
 * arguments when {@code editedArguments} is not null. Published inside the deciding transaction.
 */
public record ApprovalGranted(
        String workspaceId,
        String approvalId,
        String subjectId,
        Actor reviewer,
        @Nullable String comment,
        @Nullable JsonNode editedArguments) {}

package com.polaris.operator.action;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A batch as its approval shows it: how many items of which tool, the first items as a sample, and
 * where to download every item as submitted. {@code counts} are its actions by status once it fans out.
 */
@Schema(name = "ApprovalBatch")
public record BatchSubject(
        String id,
        String tool,
        String status,
        int count,
        Map<String, Long> counts,
        @Nullable String reason,
        ActionView.RequestedBy requestedBy,
        List<JsonNode> sample,
        String itemsDownload,
        Instant createdAt) {

    /** Who submitted it: the approval module keeps requesters from deciding their own batches. */
    public String requesterId() {
        return requestedBy.id();
    }
}

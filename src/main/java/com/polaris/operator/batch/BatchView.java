package com.polaris.operator.batch;

import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.ActionView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch as the API shows it: {@code count} items, {@code counts} of its actions by status (items
 * not yet fanned out have none), and the approval that covers it, if it needs one.
 */
@Schema(name = "ActionBatch")
public record BatchView(
        String id,
        String tool,
        BatchStatus status,
        int count,
        Map<String, Long> counts,
        @Nullable ApprovalRef approval,
        @Nullable String reason,
        ActionView.RequestedBy requestedBy,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant endedAt) {

    public record ApprovalRef(String id, String status) {}

    /** How many of its items' actions have ended, whatever the outcome. */
    public long ended() {
        return counts.entrySet().stream()
                .filter(e -> ActionStatus.parse(e.getKey())
                        .map(ActionStatus::isFinal)
                        .orElse(false))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}

package com.polaris.operator.discount;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** What the {@code apply_discount} tool asks to record, for one action. */
public record NewDiscount(
        String workspaceId,
        String actionId,
        String customer,
        BigDecimal percent,
        String reason,
        @Nullable String code,
        @Nullable LocalDate validUntil,
        @Nullable String conversationId) {}

package com.polaris.operator.discount;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A price reduction of {@code percent} for a customer, why it was given, and the action (and
 * conversation) that applied it. {@code code} is the voucher code the customer uses, if any;
 * {@code validUntil} the last day it holds, if it ends.
 */
public record Discount(
        String id,
        String customer,
        BigDecimal percent,
        String reason,
        @Nullable String code,
        @Nullable LocalDate validUntil,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt) {}

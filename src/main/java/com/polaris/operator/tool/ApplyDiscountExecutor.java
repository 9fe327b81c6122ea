package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.discount.Discount;
import com.polaris.operator.discount.Discounts;
import com.polaris.operator.discount.NewDiscount;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** {@code apply_discount}: records the discount, answers {@code {"discountId"}}. */
@Component
class ApplyDiscountExecutor extends RecordingExecutor {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Discounts discounts;

    ApplyDiscountExecutor(Discounts discounts) {
        super(BuiltInTool.APPLY_DISCOUNT);
        this.discounts = discounts;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        BigDecimal percent = arguments.number("percent");
        if (percent.signum() <= 0
                || percent.compareTo(HUNDRED) > 0
                || percent.stripTrailingZeros().scale() > 2) {
            throw new Arguments.Invalid("percent must be more than 0 and at most 100, with at most two decimals");
        }
        Discount discount = discounts.apply(new NewDiscount(
                run.workspaceId(),
                run.actionId(),
                arguments.required("customer"),
                percent,
                arguments.required("reason"),
                arguments.text("code"),
                arguments.date("validUntil"),
                run.conversationId()));
        return recorded("discountId", discount.id());
    }
}

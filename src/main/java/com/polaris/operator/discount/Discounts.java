package com.polaris.operator.discount;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The discounts of each workspace. A discount is keyed by the action that applied it (unique), so
 * running that action again finds the discount instead of giving it twice.
 */
@Repository
public class Discounts extends RecordTable<Discount> {

    Discounts(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "discounts", Discount.class);
    }

    /**
     * Records the discount of an action, or returns the one that action already recorded. Runs in the
     * caller's transaction, which holds the action, so two runs of one action cannot interleave.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Discount apply(NewDiscount discount) {
        var row = new Discount(
                Ids.next("dsc"),
                discount.customer(),
                discount.percent(),
                discount.reason(),
                discount.code(),
                discount.validUntil(),
                discount.actionId(),
                discount.conversationId(),
                now());
        return insertOnce(discount.workspaceId(), row);
    }
}

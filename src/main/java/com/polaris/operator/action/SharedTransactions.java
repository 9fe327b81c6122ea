package com.polaris.operator.action;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How proposals (and background runs) arriving at the same moment share a transaction
 * ({@code polaris.shared-transactions.*}).
 *
 * @param lanes how many shared transactions a node makes at once
 * @param maxItems the most proposals (or runs) one shared transaction stores
 */
@ConfigurationProperties("polaris.shared-transactions")
record SharedTransactions(int lanes, int maxItems) {

    /** Refuses to start with a setting missing, as the application file always sets both. */
    SharedTransactions {
        if (lanes < 1 || maxItems < 1) {
            throw new IllegalArgumentException(
                    "polaris.shared-transactions.lanes and polaris.shared-transactions.max-items must be at least 1");
        }
    }
}

package com.polaris.operator.database;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work that commits in a transaction of its own, whatever becomes of a transaction around the
 * caller: work done as that transaction completes, or that must stand even if it rolls back.
 * Not a {@link TransactionTemplate} bean itself, so the application's one keeps joining the
 * caller's transaction.
 */
@Component
public class SeparateTransactions {

    private final TransactionTemplate template;

    SeparateTransactions(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
        this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs {@code work} in a new transaction and answers its result. */
    public <T> @Nullable T execute(TransactionCallback<T> work) {
        return template.execute(work);
    }

    /** Runs {@code work} in a new transaction. */
    public void executeWithoutResult(Consumer<TransactionStatus> work) {
        template.executeWithoutResult(work);
    }
}

package com.polaris.operator.subscription;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.subscription.EventSubscriptions.EventSubscription;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This module's cache of settings, made by {@link Changes} under the name its changes are announced by. */
@Configuration
class SubscriptionCaches {

    /** Each workspace's event subscriptions, for {@link EventSubscriptions}. */
    @Bean
    SettingsCache<String, List<EventSubscription>> subscriptionsByWorkspace(Changes changes) {
        return changes.perWorkspace(EventSubscriptions.CACHE);
    }
}

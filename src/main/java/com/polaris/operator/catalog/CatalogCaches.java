package com.polaris.operator.catalog;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This module's caches of settings, each made by {@link Changes} under the name its changes are announced by. */
@Configuration
class CatalogCaches {

    /** Whether each tool of a workspace is published, for {@link Publications}. */
    @Bean
    SettingsCache<String, Map<String, Boolean>> publicationStates(Changes changes) {
        return changes.perWorkspace(Publications.CACHE);
    }

    /** Each workspace's custom actions by name, for {@link CustomActions}. */
    @Bean
    SettingsCache<String, Map<String, CustomAction>> customActionsByName(Changes changes) {
        return changes.perWorkspace(CustomActions.CACHE);
    }
}

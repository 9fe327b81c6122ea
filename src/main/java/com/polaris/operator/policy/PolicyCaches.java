package com.polaris.operator.policy;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This module's caches of settings, each made by {@link Changes} under the name its changes are announced by. */
@Configuration
class PolicyCaches {

    /** The settings of each tool of a workspace, for {@link Policies}. */
    @Bean
    SettingsCache<String, Map<String, ToolSettings>> toolSettings(Changes changes) {
        return changes.perWorkspace(Policies.CACHE);
    }
}

package com.polaris.operator.workspace;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This module's caches of settings, each made by {@link Changes} under the name its changes are announced by. */
@Configuration
class WorkspaceCaches {

    /** Each workspace's business hours, parsed, for {@link BusinessHoursSchedules}. */
    @Bean
    SettingsCache<String, BusinessHours> businessHours(Changes changes) {
        return changes.perWorkspace(BusinessHoursSchedules.CACHE);
    }
}

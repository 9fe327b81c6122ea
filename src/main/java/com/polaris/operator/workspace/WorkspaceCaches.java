package com.polaris.operator.workspace;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.workspace.TokenCallers.TokenCaller;
import java.util.OptionalInt;
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

    /** The callers of live tokens by token hash, each forgotten with its workspace, for {@link TokenCallers}. */
    @Bean
    SettingsCache<String, TokenCaller> callersByTokenHash(Changes changes) {
        return changes.cache(
                TokenCallers.CALLERS,
                (String tokenHash, TokenCaller found) -> found.caller().workspaceId());
    }

    /** Each workspace's monthly proposal limit, for {@link UsageMeter}'s early check. */
    @Bean
    SettingsCache<String, OptionalInt> usageLimits(Changes changes) {
        return changes.perWorkspace(UsageMeter.CACHE);
    }
}

package com.polaris.operator.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How members are told ({@code polaris.notifications.*}): {@code emailDelay} is how long a reviewer's
 * email waits after the first notification for it, so that approvals requested within that time
 * reach the reviewer in one message.
 */
@ConfigurationProperties("polaris.notifications")
record NotificationSettings(@DefaultValue("3m") Duration emailDelay) {}

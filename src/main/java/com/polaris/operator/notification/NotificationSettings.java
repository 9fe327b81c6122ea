package com.polaris.operator.notification;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How members are told ({@code polaris.notifications.*}): {@code emailDelay} is how long a reviewer's
 * email waits after the first notification for it, so that approvals requested within that time
 * reach the reviewer in one message; {@code digestAt} is the local time (in the workspace's
 * business-hours time zone) the daily digest goes out; {@code digestCheck} is how often a node looks
 * for workspaces whose digest is not yet scheduled (new ones).
 */
@ConfigurationProperties("polaris.notifications")
record NotificationSettings(
        @DefaultValue("3m") Duration emailDelay,
        @DefaultValue("08:00") String digestAt,
        @DefaultValue("1m") Duration digestCheck) {

    NotificationSettings {
        try {
            LocalTime.parse(digestAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "polaris.notifications.digest-at must be a time of day such as 08:00, not '" + digestAt + "'");
        }
    }

    LocalTime digestTime() {
        return LocalTime.parse(digestAt);
    }
}

package com.polaris.operator.widget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much the web widget may be used within {@code window} ({@code polaris.widget.*}): conversations
 * opened and messages posted, from one client address and for one widget. See {@link WidgetThrottle}.
 */
@ConfigurationProperties("polaris.widget")
record WidgetLimits(
        @DefaultValue("10m") Duration window,
        @DefaultValue("10") long conversationsPerAddress,
        @DefaultValue("1000") long conversationsPerWidget,
        @DefaultValue("60") long messagesPerAddress,
        @DefaultValue("5000") long messagesPerWidget) {}

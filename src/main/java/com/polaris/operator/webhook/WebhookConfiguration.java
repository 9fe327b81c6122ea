package com.polaris.operator.webhook;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds how webhooks are sent from {@code polaris.webhooks.*}. */
@Configuration
@EnableConfigurationProperties(WebhookSettings.class)
class WebhookConfiguration {}

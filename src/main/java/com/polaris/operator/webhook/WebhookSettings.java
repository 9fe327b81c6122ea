package com.polaris.operator.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are sent ({@code polaris.webhooks.*}).
 *
 * @param allowedPrivateCidrs private or reserved ranges webhooks may reach anyway; empty: all refused
 * @param trustedCerts a PEM file of extra CA certificates receivers may use; blank: the JDK's trust store only
 * @param connectTimeout how long connecting to a receiver may take
 * @param readTimeout how long a receiver may take to answer
 * @param maxResponseBytes how much of an answer is read
 */
@ConfigurationProperties("polaris.webhooks")
record WebhookSettings(
        @DefaultValue List<String> allowedPrivateCidrs,
        @DefaultValue("") String trustedCerts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("65536") int maxResponseBytes) {}

package com.polaris.operator.action;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds how proposals and runs share transactions from {@code polaris.shared-transactions.*}. */
@Configuration
@EnableConfigurationProperties(SharedTransactions.class)
class ActionConfiguration {}

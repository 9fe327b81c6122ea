package com.polaris.operator.workspace;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed sign-ins a client may make within {@code window} ({@code polaris.sign-in.*}): from
 * one address in all, and for one account from one address. See {@link SignInThrottle}.
 */
@ConfigurationProperties("polaris.sign-in")
record SignInLimits(
        @DefaultValue("15m") Duration window,
        @DefaultValue("30") long addressFailures,
        @DefaultValue("10") long accountFailures) {}

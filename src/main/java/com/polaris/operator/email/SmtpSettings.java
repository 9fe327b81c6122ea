package com.polaris.operator.email;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMTP server {@code send_email} sends through ({@code polaris.smtp.*}). Email is off while
 * {@code host} or {@code from} is blank; a blank {@code username} means no authentication. The
 * password may be a {@code {{secret:<name>}}} reference.
 */
@ConfigurationProperties("polaris.smtp")
record SmtpSettings(
        @DefaultValue("") String host,
        @DefaultValue("587") int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("true") boolean starttls,
        @DefaultValue("") String from,
        @DefaultValue("10s") Duration timeout) {}

package com.polaris.operator.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the first start on an empty database creates ({@code polaris.bootstrap.*}, set through the
 * {@code POLARIS_BOOTSTRAP_*} variables). A blank password means one is generated; a blank admin token
 * or API key means none is issued.
 */
@ConfigurationProperties("polaris.bootstrap")
record BootstrapSettings(
        @DefaultValue("admin@localhost") String adminEmail,
        @DefaultValue("") String adminPassword,
        @DefaultValue("") String adminToken,
        @DefaultValue("") String apiKey,
        @DefaultValue("My workspace") String workspaceName) {}

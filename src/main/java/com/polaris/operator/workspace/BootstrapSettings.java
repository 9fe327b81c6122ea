package com.polaris.operator.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the first start on an empty database creates ({@code polaris.bootstrap.*}, set through the
 * {@code POLARIS_BOOTSTRAP_*} variables). A blank password means one is generated; a blank admin token
 * or API key means none is issued.
 */
@ConfigurationProperties("polaris.bootstrap")
record BootstrapSettings(
        String adminEmail, String adminPassword, String adminToken, String apiKey, String workspaceName) {}

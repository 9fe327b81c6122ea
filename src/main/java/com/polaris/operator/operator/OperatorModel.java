package com.polaris.operator.operator;

import java.net.URI;
import java.time.Duration;

/**
 * A workspace's model: an OpenAI-compatible chat-completions endpoint at {@code baseUrl}, the {@code
 * model} to ask, the secret whose value is the API key (never the value itself), how long one call
 * may take, and whether new customer messages prepare in the background.
 */
record OperatorModel(String baseUrl, String model, String apiKeySecret, int timeoutSeconds, boolean autoPrepare) {

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 300;

    URI completionsUrl() {
        return URI.create(baseUrl + "/chat/completions");
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}

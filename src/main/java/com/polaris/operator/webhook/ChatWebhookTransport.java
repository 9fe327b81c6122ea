package com.polaris.operator.webhook;

import com.polaris.operator.notification.ChatWebhookSender;
import java.net.URI;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Sends the notification module's chat webhook deliveries as signed webhooks, like custom webhook actions. */
@Component
@RequiredArgsConstructor
class ChatWebhookTransport implements ChatWebhookSender {

    private final SignedPosts posts;

    @Override
    public @Nullable String urlProblem(String url) {
        return WebhookBase.urlProblem(url);
    }

    @Override
    public Outcome send(URI url, String deliveryId, byte[] body, List<String> signingSecrets) {
        return switch (posts.post(url, Map.of(), body, deliveryId, signingSecrets)) {
            case SignedPosts.Delivery.Delivered delivered -> new Outcome.Delivered();
            case SignedPosts.Delivery.Failed failed ->
                new Outcome.Failed(failed.code() + ": " + failed.message(), failed.retryable(), failed.retryAfter());
        };
    }
}

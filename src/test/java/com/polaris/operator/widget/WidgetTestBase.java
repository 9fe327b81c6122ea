package com.polaris.operator.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.TestPropertySource;

/**
 * The web widget's tests share one service with small limits. The service believes the local
 * connection's X-Forwarded-For, so each test can count as a client address of its own.
 */
@TestPropertySource(
        properties = {
            "polaris.trusted-proxies=127.0.0.1,::1",
            "polaris.widget.window=1h",
            "polaris.widget.conversations-per-address=3",
            "polaris.widget.conversations-per-widget=5",
            "polaris.widget.messages-per-address=4",
            "polaris.widget.messages-per-widget=6"
        })
abstract class WidgetTestBase extends PostgresApiTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address no other test uses. */
    static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (1 + n % 250);
    }

    /** Sets up the widget of {@code tenant} for {@code origins}; answers its key. */
    static String setUpWidget(Tenant tenant, String... origins) {
        var widget = tenant.owner().put("/api/v1/channels/web-widget", Map.of("allowedOrigins", List.of(origins)));
        assertThat(widget.status()).as(widget.toString()).isEqualTo(200);
        return widget.text("widgetKey");
    }

    /** The headers a page on {@code origin} sends from {@code address}; no Origin when it is null. */
    static Map<String, String> from(@Nullable String origin, String address) {
        var headers = new HashMap<String, String>();
        headers.put("X-Forwarded-For", address);
        if (origin != null) {
            headers.put("Origin", origin);
        }
        return headers;
    }

    Api.Response open(String widgetKey, @Nullable String origin, String address) {
        return anonymous().post("/widget/v1/conversations", Map.of("widgetKey", widgetKey), from(origin, address));
    }

    Api.Response send(String token, String text, @Nullable String origin, String address) {
        return anonymous()
                .post("/widget/v1/messages", Map.of("conversationToken", token, "text", text), from(origin, address));
    }
}

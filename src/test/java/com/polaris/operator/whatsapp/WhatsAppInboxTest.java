package com.polaris.operator.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How a Cloud API webhook payload is checked and read, without a server. */
class WhatsAppInboxTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static List<WhatsAppInbox.Inbound> read(String payload, String phoneNumberId) {
        return WhatsAppInbox.messages(JSON.readTree(payload), phoneNumberId);
    }

    @Test
    void theSignatureIsTheHmacOfTheRawBodyWithTheAppSecret() {
        byte[] body = "{\"entry\": []}".getBytes(StandardCharsets.UTF_8);
        String good = CloudApiStub.signature("s3cret", "{\"entry\": []}");

        assertThat(WhatsAppInbox.signatureMatches("s3cret", body, good)).isTrue();
        assertThat(WhatsAppInbox.signatureMatches(
                        "s3cret", body, good.toUpperCase().replace("SHA256=", "sha256=")))
                .as("hex in either case")
                .isTrue();
        assertThat(WhatsAppInbox.signatureMatches("other", body, good)).isFalse();
        assertThat(WhatsAppInbox.signatureMatches("s3cret", "{\"entry\": [ ]}".getBytes(StandardCharsets.UTF_8), good))
                .isFalse();
        assertThat(WhatsAppInbox.signatureMatches("s3cret", body, good.substring("sha256=".length())))
                .isFalse();
        assertThat(WhatsAppInbox.signatureMatches("s3cret", body, "sha256=")).isFalse();
        assertThat(WhatsAppInbox.signatureMatches("s3cret", body, "sha256=xyz")).isFalse();
        assertThat(WhatsAppInbox.signatureMatches("s3cret", body, null)).isFalse();
    }

    @Test
    void textRepliesAndOtherTypesBecomeCustomerMessagesOfTheSendersConversation() {
        String typed = CloudApiStub.message(
                "111",
                "31612345678",
                "wamid.b",
                "\"type\": \"interactive\", \"interactive\": {\"type\": \"button_reply\","
                        + " \"button_reply\": {\"id\": \"yes\", \"title\": \"Yes, book it\"}}");
        var messages = read(typed, "111");
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.conversationId()).isEqualTo("wa:+31612345678");
            assertThat(m.message().text()).isEqualTo("Yes, book it");
            assertThat(m.message().role().wire()).isEqualTo("customer");
            assertThat(m.message().channel().wire()).isEqualTo("whatsapp");
            assertThat(m.message().externalId()).isEqualTo("wamid.b");
            assertThat(m.message().at()).isEqualTo(Instant.ofEpochSecond(1764752100));
        });
        assertThat(read(CloudApiStub.message("111", "31612345678", "wamid.l", "\"type\": \"location\""), "111"))
                .extracting(m -> m.message().text())
                .containsExactly("[location]");
        assertThat(read(CloudApiStub.message("111", "31612345678", "wamid.u", "\"type\": \"<script>\""), "111"))
                .extracting(m -> m.message().text())
                .containsExactly("[message]");
        assertThat(read(CloudApiStub.textMessage("111", "31612345678", "wamid.n", "a\\u0000b"), "111"))
                .extracting(m -> m.message().text())
                .as("a character that cannot be stored is replaced")
                .containsExactly("a\uFFFDb");
        assertThat(read(CloudApiStub.textMessage("111", "31612345678", "wamid.long", "x".repeat(5000)), "111"))
                .extracting(m -> m.message().text().length())
                .containsExactly(4096);
    }

    @Test
    void messagesForAnotherNumberOrWithoutASenderOrIdAreSkipped() {
        assertThat(read(CloudApiStub.textMessage("222", "31612345678", "wamid.1", "Hi"), "111"))
                .isEmpty();
        assertThat(read(CloudApiStub.textMessage("111", "not-a-number", "wamid.1", "Hi"), "111"))
                .isEmpty();
        assertThat(read(CloudApiStub.textMessage("111", "31612345678", "", "Hi"), "111"))
                .isEmpty();
        assertThat(read("{\"entry\": \"nonsense\"}", "111")).isEmpty();
        assertThat(read("{}", "111")).isEmpty();
    }

    @Test
    void eachChannelHasItsOwnBucketOfRequests() {
        var throttle = new WhatsAppHookThrottle(2);

        assertThat(throttle.tryAcquire("wac_a")).isTrue();
        assertThat(throttle.tryAcquire("wac_a")).isTrue();
        assertThat(throttle.tryAcquire("wac_a")).isFalse();
        assertThat(throttle.tryAcquire("wac_b")).isTrue();
    }
}

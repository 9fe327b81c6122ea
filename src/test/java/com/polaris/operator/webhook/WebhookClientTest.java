package com.polaris.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard and delivery rules against a real HTTPS receiver on 127.0.0.1: refused addresses
 * are never connected to (the receiver sees nothing), and redirects are not followed.
 */
class WebhookClientTest {

    private final HttpsReceiver receiver = HttpsReceiver.start();

    /** Names resolve through this table; anything else is unknown. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.test", List.of("127.0.0.1"),
            "private.example.test", List.of("10.1.2.3"),
            "mixed.example.test", List.of("93.184.215.14", "192.168.1.10"),
            "metadata.example.test", List.of("169.254.169.254"),
            "v6-mapped.example.test", List.of("::ffff:a9fe:a9fe"),
            "ec2-v6.example.test", List.of("fd00:ec2::254"));

    private static HostResolver table() {
        return host -> {
            List<String> addresses = DNS.get(host);
            if (addresses == null) {
                return List.of(InetAddress.getByName(host));
            }
            var resolved = new java.util.ArrayList<InetAddress>();
            for (String a : addresses) {
                resolved.add(InetAddress.getByName(a));
            }
            return resolved;
        };
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static WebhookClient client(String... allowed) throws Exception {
        return new WebhookClient(
                table(),
                new WebhookSettings(
                        List.of(allowed),
                        HttpsReceiver.CERTIFICATE.toString(),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        65536));
    }

    private WebhookClient.Outcome post(WebhookClient client, String host) {
        return client.post(URI.create(receiver.url(host, "/hook")), Map.of(), "{}".getBytes());
    }

    @Test
    void anAllowedPrivateRangeIsReachedWithTheCertificateCheckedForTheHostName() throws Exception {
        var outcome = post(client("127.0.0.0/8"), "hooks.example.test");

        assertThat(outcome).isEqualTo(new WebhookClient.Outcome.Answered(200, null));
        assertThat(receiver.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.method()).isEqualTo("POST");
            assertThat(d.header("host")).isEqualTo("hooks.example.test:" + receiver.port());
        });
    }

    @Test
    void plainHttpGoesOnlyToAnAllowedPrivateAddressAndOnlyWhenAsked() throws Exception {
        var allowing = client("127.0.0.0/8");
        var plainToReceiver = URI.create("http://hooks.example.test:" + receiver.port() + "/hook");

        assertThat(allowing.post(plainToReceiver, Map.of(), "{}".getBytes()))
                .as("webhooks stay HTTPS only")
                .isEqualTo(new WebhookClient.Outcome.Refused("Webhooks are sent over HTTPS only."));
        assertThat(client().post(plainToReceiver, Map.of(), "{}".getBytes(), true))
                .as("a private address outside the allowed ranges")
                .isInstanceOf(WebhookClient.Outcome.Refused.class);
        for (String host : List.of("mixed.example.test", "93.184.215.14")) {
            var outcome = allowing.post(URI.create("http://" + host + "/hook"), Map.of(), "{}".getBytes(), true);
            assertThat(outcome).as(host).isInstanceOf(WebhookClient.Outcome.Refused.class);
            assertThat(((WebhookClient.Outcome.Refused) outcome).reason())
                    .as(host)
                    .contains("Plain http is sent only to addresses in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS");
        }
        assertThat(receiver.deliveries()).as("no connection was made").isEmpty();
        assertThat(allowing.plainRefusal("hooks.example.test")).isNull();
    }

    @Test
    void loopbackIsRefusedWithoutAnyConnectionWhenNotAllowed() throws Exception {
        var client = client();
        for (String host : List.of("hooks.example.test", "127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]")) {
            var outcome = post(client, host);
            assertThat(outcome).as(host).isInstanceOf(WebhookClient.Outcome.Refused.class);
            assertThat(((WebhookClient.Outcome.Refused) outcome).reason())
                    .as(host)
                    .contains("may not reach it");
        }
        assertThat(receiver.deliveries()).as("no connection was made").isEmpty();
    }

    @Test
    void aNameWithOnePublicAndOnePrivateAddressIsRefused() throws Exception {
        var outcome = post(client(), "mixed.example.test");

        assertThat(outcome).isInstanceOf(WebhookClient.Outcome.Refused.class);
        assertThat(((WebhookClient.Outcome.Refused) outcome).reason())
                .contains("192.168.1.10")
                .contains("private");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "private.example.test",
                "metadata.example.test",
                "v6-mapped.example.test",
                "ec2-v6.example.test",
                "[::ffff:8.8.8.8]",
                "10.0.0.1",
                "169.254.169.254",
                "[fe80::1]",
                "[fd00:ec2::254]"
            })
    void namesAndLiteralsInDeniedRangesAreRefused(String host) throws Exception {
        var outcome = post(client("127.0.0.0/8"), host);

        assertThat(outcome).isInstanceOf(WebhookClient.Outcome.Refused.class);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        receiver.then(
                "/hook",
                new HttpsReceiver.Reply(302, Map.of("Location", receiver.url("hooks.example.test", "/elsewhere")), 0));

        var outcome = post(client("127.0.0.0/8"), "hooks.example.test");

        assertThat(outcome).isEqualTo(new WebhookClient.Outcome.Answered(302, null));
        assertThat(receiver.deliveries()).hasSize(1);
    }

    @Test
    void anUntrustedCertificateIsRefusedBeforeAnythingIsSent() throws Exception {
        var client = new WebhookClient(
                table(),
                new WebhookSettings(List.of("127.0.0.0/8"), "", Duration.ofSeconds(2), Duration.ofSeconds(1), 65536));

        var outcome = post(client, "hooks.example.test");

        assertThat(outcome).isInstanceOf(WebhookClient.Outcome.NotSent.class);
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void aSlowAnswerAfterSendingIsUncertain() throws Exception {
        receiver.then("/hook", HttpsReceiver.Reply.slow(2500));

        var outcome = post(client("127.0.0.0/8"), "hooks.example.test");

        assertThat(outcome).isInstanceOf(WebhookClient.Outcome.Unanswered.class);
    }

    @Test
    void unknownNamesAreNotSent() throws Exception {
        var client = new WebhookClient(
                host -> {
                    throw new UnknownHostException(host);
                },
                new WebhookSettings(List.of(), "", Duration.ofSeconds(1), Duration.ofSeconds(1), 1024));

        assertThat(post(client, "nowhere.example.test")).isInstanceOf(WebhookClient.Outcome.NotSent.class);
    }
}

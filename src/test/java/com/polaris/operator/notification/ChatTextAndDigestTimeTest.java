package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The pure parts of telling members: chat text escaping and when the daily digest goes out. */
class ChatTextAndDigestTimeTest {

    @Test
    void chatTextEscapesSlackMarkupAndStaysOnOneLine() {
        assertThat(ChatDeliveries.slackText("Refund <@U123> & <https://evil.example|click>\nnow"))
                .isEqualTo("Refund &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt; now");
        assertThat(ChatDeliveries.slackText("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void theDigestGoesOutAtTheNextDigestTimeInTheWorkspacesZone() {
        ZoneId madrid = ZoneId.of("Europe/Madrid");
        LocalTime eight = LocalTime.of(8, 0);
        assertThat(DailyDigests.nextRun(madrid, eight, Instant.parse("2026-12-02T06:59:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
        assertThat(DailyDigests.nextRun(madrid, eight, Instant.parse("2026-12-02T07:00:00Z")))
                .as("at the time itself: the next day")
                .isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
        assertThat(DailyDigests.nextRun(ZoneOffset.UTC, eight, Instant.parse("2026-12-31T09:00:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T08:00:00Z"));
    }

    @Test
    void aDigestTimeInTheSpringForwardGapGoesOutRightAfterIt() {
        ZoneId madrid = ZoneId.of("Europe/Madrid");
        assertThat(DailyDigests.nextRun(madrid, LocalTime.of(2, 30), Instant.parse("2027-03-27T12:00:00Z")))
                .isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
    }
}

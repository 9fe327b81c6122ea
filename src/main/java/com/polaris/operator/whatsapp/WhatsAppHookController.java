package com.polaris.operator.whatsapp;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A channel's inbound URL, called by the WhatsApp Cloud API, not by API clients (so it is not part
 * of the OpenAPI document; the README describes it). An unknown channel id is a bare 404, the same
 * for every method, so the URL gives nothing away. Bodies are capped at {@code
 * polaris.whatsapp.inbound-max-bytes}, and each channel at {@code polaris.whatsapp.inbound-per-minute}
 * requests per node.
 */
@Hidden
@RestController
@RequestMapping("/hooks/whatsapp/{channelId}")
@RequiredArgsConstructor
class WhatsAppHookController {

    private final WhatsAppChannels channels;
    private final WhatsAppInbox inbox;
    private final WhatsAppHookThrottle throttle;

    @Value("${polaris.whatsapp.inbound-max-bytes}")
    private final int maxBytes;

    /**
     * The subscription handshake: {@code hub.mode=subscribe} with the channel's verify token answers
     * {@code hub.challenge} as plain text; anything else is 403.
     */
    @GetMapping
    ResponseEntity<String> verify(
            @PathVariable String channelId,
            @RequestParam(name = "hub.mode", required = false) @Nullable String mode,
            @RequestParam(name = "hub.verify_token", required = false) @Nullable String verifyToken,
            @RequestParam(name = "hub.challenge", required = false) @Nullable String challenge) {
        Optional<WhatsAppChannels.Channel> channel = channels.byId(channelId);
        ResponseEntity<String> refused = refused(channelId, channel);
        if (refused != null) {
            return refused;
        }
        if (!"subscribe".equals(mode)
                || !channel.get().verifies(verifyToken)
                || challenge == null
                || challenge.isEmpty()
                || challenge.length() > 200) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    /** A signed delivery of messages (and status updates): 200 once stored, 401 for a bad signature. */
    @PostMapping
    ResponseEntity<Void> receive(
            @PathVariable String channelId,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) @Nullable String signature,
            HttpServletRequest request)
            throws IOException {
        Optional<WhatsAppChannels.Channel> channel = channels.byId(channelId);
        ResponseEntity<Void> refused = refused(channelId, channel);
        if (refused != null) {
            return refused;
        }
        byte[] body = capped(request);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .header("Connection", "close")
                    .build();
        }
        return switch (inbox.receive(channel.get(), body, signature)) {
            case ACCEPTED -> ResponseEntity.ok().build();
            case BAD_SIGNATURE -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
            case MALFORMED -> ResponseEntity.badRequest().build();
            case NO_APP_SECRET ->
                ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        };
    }

    /** The raw body, or null when it is longer than the cap (read no further than one byte past it). */
    private byte @Nullable [] capped(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            return body.length > maxBytes ? null : body;
        }
    }

    /** 404 for an unknown channel, 429 for one over its limit (try again in a minute); null when the request goes on. */
    private <T> @Nullable ResponseEntity<T> refused(String channelId, Optional<WhatsAppChannels.Channel> channel) {
        if (channel.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        if (!throttle.tryAcquire(channelId)) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", "60")
                    .build();
        }
        return null;
    }
}

package com.polaris.operator.whatsapp;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The workspace's WhatsApp channel (owners and admins). */
@RestController
@RequestMapping("/api/v1/channels/whatsapp")
@Tag(name = "Channels", description = "Where customers write: the WhatsApp channel and the web widget.")
@RequiredArgsConstructor
class WhatsAppChannelController {

    private static final String CHANNEL_EXAMPLE = """
            {"id": "wac_01jdqd4e5f6g7h8j9k0m1n2p3q", "phoneNumberId": "106540352242922",
             "accessTokenSecret": "whatsapp_token", "appSecretSecret": "whatsapp_app_secret",
             "verifyTokenEnding": "x7Qe", "apiBaseUrl": "https://graph.facebook.com/v21.0",
             "inboundUrl": "https://polaris.example.com/hooks/whatsapp/wac_01jdqd4e5f6g7h8j9k0m1n2p3q",
             "createdAt": "2026-12-03T09:00:00Z", "updatedAt": "2026-12-03T09:00:00Z"}""";

    private final WhatsAppChannels channels;

    @PutMapping
    @Operation(summary = "Connect or reconfigure WhatsApp (owners, admins)", description = """
            {"phoneNumberId", "accessTokenSecret", "appSecretSecret", "verifyToken", "apiBaseUrl"}: the \
            WhatsApp Cloud API phone number id (digits), the names of two secrets of this workspace \
            (PUT /api/v1/secrets/{name} first) holding the access token and the app's secret, a verify \
            token of 12 to 200 printable characters that you also enter in the WhatsApp app's webhook \
            settings, and the API's base URL (default https://graph.facebook.com/v21.0; https, or plain \
            http only to an address in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS). Answers the channel with \
            its inboundUrl (POLARIS_PUBLIC_URL + /hooks/whatsapp/{id}) to paste into the app as the \
            callback URL. The verify token is stored as a hash and never shown again (verifyTokenEnding: \
            its last four characters); replacing the settings without verifyToken keeps it, and keeps the \
            channel's id and inbound URL. A missing or invalid field, a secret that does not exist or an \
            unknown field is 422 naming it and changes nothing. Audited without secrets.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
            {"phoneNumberId": "106540352242922", "accessTokenSecret": "whatsapp_token",
             "appSecretSecret": "whatsapp_app_secret", "verifyToken": "my-verify-token-x7Qe",
             "apiBaseUrl": "https://graph.facebook.com/v21.0"}""", response = CHANNEL_EXAMPLE)
    WhatsAppChannels.ChannelView put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return channels.put(caller, body);
    }

    @GetMapping
    @Operation(summary = "The WhatsApp channel (owners, admins)", description = """
            The channel as PUT answered it, with its inboundUrl; 404 when WhatsApp is not connected. \
            Secrets appear by name only and the verify token by its last four characters.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = CHANNEL_EXAMPLE)
    WhatsAppChannels.ChannelView get(@AuthenticationPrincipal Caller caller) {
        return channels.get(caller);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disconnect WhatsApp (owners, admins)", description = """
            Removes the channel: its inbound URL answers 404 from now on and send_whatsapp_message fails \
            saying no channel is configured. The secrets it named and the conversations stay. 404 when \
            WhatsApp is not connected.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void delete(@AuthenticationPrincipal Caller caller) {
        channels.delete(caller);
    }
}

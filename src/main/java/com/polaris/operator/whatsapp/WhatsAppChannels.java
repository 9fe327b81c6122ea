package com.polaris.operator.whatsapp;

import com.polaris.operator.Ids;
import com.polaris.operator.Sha256;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.installation.PublicUrl;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.webhook.OutgoingCalls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Each workspace's WhatsApp channel (one per workspace). The access token and the app secret stay
 * in the workspace's sealed secrets; the channel only names them, and each is read when it is used.
 * The verify token is kept as a SHA-256 hash (it is compared, never shown again) with its last four
 * characters for recognition. The channel's id is the public part of its inbound URL and survives a
 * replacement of the settings. Changes are audited with the phone number id, the secrets' names and
 * the API's host, never a secret or the verify token. Public for the console, which changes the
 * channel through the same checks as the API.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class WhatsAppChannels {

    static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v21.0";
    static final int MAX_URL_LENGTH = 2048;
    static final int MIN_VERIFY_TOKEN = 12;
    static final int MAX_VERIFY_TOKEN = 200;
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,64}");
    private static final Pattern VERIFY_TOKEN = Pattern.compile("[\\x21-\\x7E]+");
    private static final Set<String> FIELDS =
            Set.of("phoneNumberId", "accessTokenSecret", "appSecretSecret", "verifyToken", "apiBaseUrl");
    private static final String SUBJECT = "settings:whatsapp-channel";
    private static final String COLUMNS = "id, workspace_id, phone_number_id, access_token_secret, app_secret_secret,"
            + " verify_token_hash, verify_token_ending, api_base_url, created_at, updated_at";

    /** A channel as stored. */
    record Channel(
            String id,
            String workspaceId,
            String phoneNumberId,
            String accessTokenSecret,
            String appSecretSecret,
            String verifyTokenHash,
            String verifyTokenEnding,
            String apiBaseUrl,
            Instant createdAt,
            Instant updatedAt) {

        /** Whether {@code presented} is the verify token, compared in constant time. */
        boolean verifies(@Nullable String presented) {
            if (presented == null) {
                return false;
            }
            return MessageDigest.isEqual(
                    hash(presented).getBytes(StandardCharsets.US_ASCII),
                    verifyTokenHash.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The channel as the API shows it: never a secret's value, never the verify token. */
    public record ChannelView(
            String id,
            String phoneNumberId,
            String accessTokenSecret,
            String appSecretSecret,
            String verifyTokenEnding,
            String apiBaseUrl,
            String inboundUrl,
            Instant createdAt,
            Instant updatedAt) {}

    private record Settings(
            String phoneNumberId,
            String accessTokenSecret,
            String appSecretSecret,
            @Nullable String verifyToken,
            String apiBaseUrl) {}

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final OutgoingCalls calls;
    private final PublicUrl publicUrl;
    private final AuditLog audit;
    private final Clock clock;

    /** The workspace's channel, if it has one. */
    Optional<Channel> ofWorkspace(String workspaceId) {
        return jdbc.sql("select " + COLUMNS + " from whatsapp_channels where workspace_id = ?")
                .param(workspaceId)
                .query(WhatsAppChannels::map)
                .optional();
    }

    /** The channel with this id, in whatever workspace: the inbound URL names it. */
    Optional<Channel> byId(String channelId) {
        if (channelId.length() > 40) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from whatsapp_channels where id = ?")
                .param(channelId)
                .query(WhatsAppChannels::map)
                .optional();
    }

    /** The values of the columns phone_number_id to api_base_url, in that order, as both writes store them. */
    private static Object[] stored(Settings settings, String hash, String ending) {
        return new Object[] {
            settings.phoneNumberId(),
            settings.accessTokenSecret(),
            settings.appSecretSecret(),
            hash,
            ending,
            settings.apiBaseUrl()
        };
    }

    /** The caller's workspace's channel (owners and admins); 404 when there is none. */
    public ChannelView get(Caller caller) {
        return find(caller).orElseThrow(() -> ApiProblem.notFound("The WhatsApp channel"));
    }

    /** The caller's workspace's channel, if it has one (owners and admins). */
    public Optional<ChannelView> find(Caller caller) {
        caller.requireConfigurer();
        return ofWorkspace(caller.workspaceId()).map(this::view);
    }

    /**
     * Sets or replaces the channel from {@code body}; anything invalid is a 422 naming each field and
     * changes nothing. Without {@code verifyToken}, a replacement keeps the one set before.
     */
    @Transactional
    public ChannelView put(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        String workspaceId = caller.workspaceId();
        Optional<Channel> existing = ofWorkspace(workspaceId);
        Settings settings = parse(workspaceId, body, existing.isPresent());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String verifyToken = settings.verifyToken();
        String hash = verifyToken == null ? existing.orElseThrow().verifyTokenHash() : hash(verifyToken);
        String ending = verifyToken == null
                ? existing.orElseThrow().verifyTokenEnding()
                : verifyToken.substring(verifyToken.length() - 4);
        if (existing.isEmpty()) {
            jdbc.sql("insert into whatsapp_channels (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .param(Ids.next("wac"))
                    .param(workspaceId)
                    .params(stored(settings, hash, ending))
                    .param(Timestamp.from(now))
                    .param(Timestamp.from(now))
                    .update();
        } else {
            jdbc.sql("""
                            update whatsapp_channels set phone_number_id = ?, access_token_secret = ?,
                            app_secret_secret = ?, verify_token_hash = ?, verify_token_ending = ?, api_base_url = ?,
                            updated_at = ? where workspace_id = ?""")
                    .params(stored(settings, hash, ending))
                    .param(Timestamp.from(now))
                    .param(workspaceId)
                    .update();
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("phoneNumberId", settings.phoneNumberId());
        data.put("accessTokenSecret", settings.accessTokenSecret());
        data.put("appSecretSecret", settings.appSecretSecret());
        data.put("apiHost", URI.create(settings.apiBaseUrl()).getHost());
        data.put("verifyTokenChanged", verifyToken != null);
        audit.append(workspaceId, AuditEventType.WHATSAPP_CHANNEL_UPDATED, caller.actor(), SUBJECT, null, data);
        return view(ofWorkspace(workspaceId).orElseThrow());
    }

    /** Removes the channel: its inbound URL answers 404 from now on, and nothing more is sent. */
    @Transactional
    public void delete(Caller caller) {
        caller.requireConfigurer();
        boolean removed = jdbc.sql("delete from whatsapp_channels where workspace_id = ?")
                        .param(caller.workspaceId())
                        .update()
                == 1;
        if (!removed) {
            throw ApiProblem.notFound("The WhatsApp channel");
        }
        audit.append(
                caller.workspaceId(), AuditEventType.WHATSAPP_CHANNEL_DELETED, caller.actor(), SUBJECT, null, Map.of());
    }

    String inboundUrl(String channelId) {
        return publicUrl.link("/hooks/whatsapp/" + channelId);
    }

    private ChannelView view(Channel channel) {
        return new ChannelView(
                channel.id(),
                channel.phoneNumberId(),
                channel.accessTokenSecret(),
                channel.appSecretSecret(),
                channel.verifyTokenEnding(),
                channel.apiBaseUrl(),
                inboundUrl(channel.id()),
                channel.createdAt(),
                channel.updatedAt());
    }

    private Settings parse(String workspaceId, JsonNode body, boolean replacing) {
        if (!body.isObject()) {
            throw ApiProblem.invalid(
                    "",
                    "must be an object with phoneNumberId, accessTokenSecret, appSecretSecret,"
                            + " verifyToken and apiBaseUrl");
        }
        var errors = new ArrayList<FieldProblem>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldProblem(name, "is not a WhatsApp channel field"));
            }
        }
        String phoneNumberId = text(body, "phoneNumberId");
        if (phoneNumberId == null || !PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
            errors.add(new FieldProblem(
                    "phoneNumberId",
                    "is required: the Cloud API's phone number id, digits only (not the phone number)"));
        }
        String accessTokenSecret = secretName(workspaceId, body, "accessTokenSecret", errors);
        String appSecretSecret = secretName(workspaceId, body, "appSecretSecret", errors);
        String verifyToken = text(body, "verifyToken");
        if (verifyToken == null && body.hasNonNull("verifyToken")) {
            errors.add(new FieldProblem("verifyToken", "must be a string"));
        } else if (verifyToken == null && !replacing) {
            errors.add(new FieldProblem(
                    "verifyToken",
                    "is required: the token the WhatsApp app sends to verify the" + " inbound URL, " + MIN_VERIFY_TOKEN
                            + " to " + MAX_VERIFY_TOKEN + " characters"));
        } else if (verifyToken != null
                && (verifyToken.length() < MIN_VERIFY_TOKEN
                        || verifyToken.length() > MAX_VERIFY_TOKEN
                        || !VERIFY_TOKEN.matcher(verifyToken).matches())) {
            errors.add(new FieldProblem(
                    "verifyToken",
                    "must have " + MIN_VERIFY_TOKEN + " to " + MAX_VERIFY_TOKEN
                            + " printable characters without spaces"));
        }
        String apiBaseUrl = DEFAULT_API_BASE_URL;
        if (body.hasNonNull("apiBaseUrl")) {
            String given = text(body, "apiBaseUrl");
            String problem = given == null
                    ? "must be a string"
                    : given.length() > MAX_URL_LENGTH
                            ? "must be at most " + MAX_URL_LENGTH + " characters"
                            : calls.urlProblem(given);
            if (problem != null) {
                errors.add(new FieldProblem("apiBaseUrl", problem));
            } else {
                apiBaseUrl = given.endsWith("/") ? given.substring(0, given.length() - 1) : given;
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The WhatsApp channel is not valid.", errors);
        }
        return new Settings(
                Objects.requireNonNull(phoneNumberId), accessTokenSecret, appSecretSecret, verifyToken, apiBaseUrl);
    }

    private String secretName(String workspaceId, JsonNode body, String field, List<FieldProblem> errors) {
        String name = text(body, field);
        if (name == null || !Secrets.NAME.matcher(name).matches()) {
            errors.add(new FieldProblem(field, "is required: the name of a secret of this workspace"));
            return "";
        }
        if (!secrets.exists(workspaceId, name)) {
            errors.add(new FieldProblem(field, "names no secret of this workspace (PUT /api/v1/secrets/" + name + ")"));
        }
        return name;
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    static String hash(String verifyToken) {
        return Sha256.hex(verifyToken);
    }

    private static Channel map(ResultSet rs, int row) throws SQLException {
        return new Channel(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("phone_number_id"),
                rs.getString("access_token_secret"),
                rs.getString("app_secret_secret"),
                rs.getString("verify_token_hash"),
                rs.getString("verify_token_ending"),
                rs.getString("api_base_url"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}

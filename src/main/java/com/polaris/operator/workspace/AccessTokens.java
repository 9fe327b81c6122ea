package com.polaris.operator.workspace;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens (acting as their member) and integration keys (acting for the workspace):
 * issued, listed by their hints, revoked, and when each was last used. Tokens are kept only as
 * hashes ({@link BearerTokens}); every write is announced to {@link Changes} under
 * {@link TokenCallers#CALLERS}, so a revoked token stops working everywhere.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AccessTokens {

    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    /** How many tokens' last writes are remembered before those older than the granularity are dropped. */
    private static final int LAST_USED_REMEMBERED = 10_000;

    private static final RowMapper<TokenInfo> TOKEN_INFO = (rs, n) -> new TokenInfo(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("hint"),
            rs.getTimestamp("created_at").toInstant(),
            instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("last_used_at")),
            instant(rs.getTimestamp("revoked_at")));
    private static final String TOKEN_COLUMNS = "id, name, hint, created_at, expires_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;
    private final Members members;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();
    private volatile Instant lastPruned = Instant.EPOCH;

    /**
     * Issues a personal access token that acts as {@code member}, audited on the member's chain as
     * {@code token.created} (with its hint, never the token).
     */
    @Transactional
    public IssuedToken issuePersonalToken(Member member, String name, @Nullable String presetToken) {
        return issuePersonalToken(member, name, presetToken, null);
    }

    /** Like {@link #issuePersonalToken(Member, String, String)}, for a token refused from {@code expiresAt} on. */
    @Transactional
    public IssuedToken issuePersonalToken(
            Member member, String name, @Nullable String presetToken, @Nullable Instant expiresAt) {
        String token = presetToken != null ? presetToken : BearerTokens.newToken(BearerTokens.PERSONAL_TOKEN_PREFIX);
        members.lockMember(member.workspaceId(), member.id());
        String id = insertToken(member.workspaceId(), TokenKind.PERSONAL.wire, member.id(), name, token, expiresAt);
        audit.append(
                member.workspaceId(),
                AuditEventType.TOKEN_CREATED,
                new Actor(Caller.Type.MEMBER.wire(), member.id(), member.name()),
                "member:" + member.id(),
                null,
                created("tokenId", id, name, token, expiresAt));
        return new IssuedToken(id, member.workspaceId(), name, token, expiresAt);
    }

    @Transactional
    public IssuedToken createIntegrationKey(Caller caller, String name) {
        return createIntegrationKey(caller, name, null);
    }

    /** Makes an integration key of the caller's workspace, refused from {@code expiresAt} on (never, when null). */
    @Transactional
    public IssuedToken createIntegrationKey(Caller caller, String name, @Nullable Instant expiresAt) {
        caller.requireConfigurer();
        return createIntegrationKey(caller.workspaceId(), name, null, caller.actor(), expiresAt);
    }

    @Transactional
    public IssuedToken createIntegrationKey(String workspaceId, String name, @Nullable String presetKey, Actor actor) {
        return createIntegrationKey(workspaceId, name, presetKey, actor, null);
    }

    private IssuedToken createIntegrationKey(
            String workspaceId, String name, @Nullable String presetKey, Actor actor, @Nullable Instant expiresAt) {
        String key = presetKey != null ? presetKey : BearerTokens.newToken(BearerTokens.INTEGRATION_KEY_PREFIX);
        String id = insertToken(workspaceId, TokenKind.INTEGRATION.wire, null, name, key, expiresAt);
        audit.append(
                workspaceId,
                AuditEventType.API_KEY_CREATED,
                actor,
                "api_key:" + id,
                null,
                created("apiKeyId", id, name, key, expiresAt));
        return new IssuedToken(id, workspaceId, name, key, expiresAt);
    }

    private static Map<String, Object> created(
            String idField, String id, String name, String token, @Nullable Instant expiresAt) {
        var data = new LinkedHashMap<String, Object>();
        data.put(idField, id);
        data.put("name", name);
        data.put("hint", BearerTokens.hint(token));
        if (expiresAt != null) {
            data.put("expiresAt", expiresAt.toString());
        }
        return data;
    }

    private String insertToken(
            String workspaceId,
            String kind,
            @Nullable String memberId,
            String name,
            String token,
            @Nullable Instant expiresAt) {
        String id = Ids.next("tok");
        jdbc.sql("""
                        insert into api_tokens (id, workspace_id, kind, member_id, name, token_hash, hint, created_at,
                            expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        workspaceId,
                        kind,
                        memberId,
                        name,
                        BearerTokens.hash(token),
                        BearerTokens.hint(token),
                        Timestamp.from(clock.instant()),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        changes.announce(TokenCallers.CALLERS, workspaceId);
        return id;
    }

    /** The workspace's integration keys, revoked ones included, newest first. */
    public Page<TokenInfo> integrationKeys(Caller caller, PageRequest page) {
        caller.requireConfigurer();
        return tokens(caller.workspaceId(), TokenKind.INTEGRATION.wire, null, page);
    }

    /** One of the workspace's integration keys, revoked or not. */
    public Optional<TokenInfo> integrationKey(Caller caller, String keyId) {
        caller.requireConfigurer();
        return token(caller.workspaceId(), TokenKind.INTEGRATION.wire, null, keyId, "");
    }

    /** One of the calling member's own personal access tokens, revoked or not. */
    public Optional<TokenInfo> personalToken(Caller caller, String tokenId) {
        caller.requireMember();
        return token(caller.workspaceId(), TokenKind.PERSONAL.wire, caller.id(), tokenId, "");
    }

    /** The calling member's own personal access tokens, revoked ones included, newest first. */
    public Page<TokenInfo> personalTokens(Caller caller, PageRequest page) {
        caller.requireMember();
        return tokens(caller.workspaceId(), TokenKind.PERSONAL.wire, caller.id(), page);
    }

    private Page<TokenInfo> tokens(String workspaceId, String kind, @Nullable String memberId, PageRequest page) {
        var rows = jdbc.sql("select " + TOKEN_COLUMNS + """
                         from api_tokens
                        where workspace_id = ? and kind = ? and (cast(? as varchar) is null or member_id = ?)
                            and (cast(? as varchar) is null or id < ?)
                        order by id desc limit ?""")
                .params(workspaceId, kind, memberId, memberId, page.after(), page.after(), page.rows())
                .query(TOKEN_INFO)
                .list();
        return page.page(rows, TokenInfo::id);
    }

    private Optional<TokenInfo> token(
            String workspaceId, String kind, @Nullable String memberId, String tokenId, String lock) {
        return jdbc.sql("select " + TOKEN_COLUMNS + """
                         from api_tokens
                        where workspace_id = ? and kind = ? and id = ? and (cast(? as varchar) is null or member_id = ?)""" + lock)
                .params(workspaceId, kind, tokenId, memberId, memberId)
                .query(TOKEN_INFO)
                .optional();
    }

    /**
     * Revokes one of the workspace's integration keys: it stops working on this node when the
     * transaction commits and on the others when they hear of it. Revoking a revoked key changes
     * nothing; a key of another workspace is not found.
     */
    @Transactional
    public TokenInfo revokeIntegrationKey(Caller caller, String keyId) {
        caller.requireConfigurer();
        return revoke(caller, TokenKind.INTEGRATION, null, keyId);
    }

    /** Revokes one of the calling member's own personal access tokens, as {@link #revokeIntegrationKey} does a key. */
    @Transactional
    public TokenInfo revokePersonalToken(Caller caller, String tokenId) {
        caller.requireMember();
        return revoke(caller, TokenKind.PERSONAL, caller.id(), tokenId);
    }

    private TokenInfo revoke(Caller caller, TokenKind kind, @Nullable String memberId, String tokenId) {
        if (memberId != null) {
            members.lockMember(caller.workspaceId(), memberId);
        }
        TokenInfo token = token(caller.workspaceId(), kind.wire, memberId, tokenId, " for update")
                .orElseThrow(() -> ApiProblem.notFound(kind.noun + " '" + tokenId + "'"));
        if (token.revokedAt() != null) {
            return token;
        }
        Instant now = clock.instant();
        jdbc.sql("update api_tokens set revoked_at = ? where id = ?")
                .params(Timestamp.from(now), tokenId)
                .update();
        changes.announce(TokenCallers.CALLERS, caller.workspaceId());
        String subject = kind == TokenKind.PERSONAL ? "member:" + memberId : "api_key:" + tokenId;
        audit.append(
                caller.workspaceId(),
                kind.revokedEvent,
                caller.actor(),
                subject,
                null,
                Map.of(kind.idField, tokenId, "name", token.name(), "hint", token.hint()));
        return new TokenInfo(
                token.id(), token.name(), token.hint(), token.createdAt(), token.expiresAt(), token.lastUsedAt(), now);
    }

    /** Notes that a token was just used; written at most once a minute per token. */
    void markUsed(String tokenId) {
        Instant now = clock.instant();
        Instant written = lastUsedWritten.get(tokenId);
        if (written != null && written.plus(LAST_USED_GRANULARITY).isAfter(now)) {
            return;
        }
        if (written == null
                && lastUsedWritten.size() >= LAST_USED_REMEMBERED
                && !lastPruned.plus(LAST_USED_GRANULARITY).isAfter(now)) {
            // Entries older than the granularity no longer spare a write: forget them (at most once
            // per granularity, so many tokens in use at once do not make every request scan them).
            lastPruned = now;
            lastUsedWritten
                    .values()
                    .removeIf(at -> !at.plus(LAST_USED_GRANULARITY).isAfter(now));
        }
        lastUsedWritten.put(tokenId, now);
        jdbc.sql("update api_tokens set last_used_at = ? where id = ?")
                .params(Timestamp.from(now), tokenId)
                .update();
    }

    static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The two kinds of bearer token, as stored and as their revocation is audited. */
    enum TokenKind {
        PERSONAL("personal", "The token", AuditEventType.TOKEN_REVOKED, "tokenId"),
        INTEGRATION("integration", "The integration key", AuditEventType.API_KEY_REVOKED, "apiKeyId");

        final String wire;
        final String noun;
        final AuditEventType revokedEvent;
        final String idField;

        TokenKind(String wire, String noun, AuditEventType revokedEvent, String idField) {
            this.wire = wire;
            this.noun = noun;
            this.revokedEvent = revokedEvent;
            this.idField = idField;
        }
    }
}

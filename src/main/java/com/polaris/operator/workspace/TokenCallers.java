package com.polaris.operator.workspace;

import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who a presented bearer token acts as.
 *
 * <p>Each node caches the callers of live tokens, by token hash; an unknown token is never cached,
 * so a new one works at once everywhere. Every write to a workspace's members or tokens is
 * announced to {@link Changes} under {@link #CALLERS}, which makes every node forget the callers of
 * that workspace: a revoked token or a changed role cannot outlive the change's commit on this
 * node, nor its notice on the others.
 */
@Service
@RequiredArgsConstructor
public class TokenCallers {

    static final String CALLERS = "callers";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AccessTokens tokens;
    private final SettingsCache<String, TokenCaller> callers;

    /**
     * What a presented bearer token stands for, or why it is refused. A cached caller is honoured
     * only until its token's expiry, checked on every use; a revoked or unknown token is never
     * cached, and why it was refused is looked up only then.
     */
    public TokenCheck check(String token) {
        if (token.isEmpty()) {
            return new TokenCheck.Refused(TokenCheck.Reason.MISSING, null);
        }
        if (token.length() > 200) {
            return new TokenCheck.Refused(TokenCheck.Reason.UNKNOWN, null);
        }
        String hash = BearerTokens.hash(token);
        Optional<TokenCaller> found = callers.find(hash, this::liveToken);
        if (found.isPresent()) {
            Instant expiresAt = found.get().expiresAt();
            if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
                return new TokenCheck.Refused(TokenCheck.Reason.EXPIRED, expiresAt);
            }
            tokens.markUsed(found.get().tokenId());
            return new TokenCheck.Accepted(found.get().caller());
        }
        return jdbc.sql("select revoked_at from api_tokens where token_hash = ? and revoked_at is not null")
                .param(hash)
                .query((rs, n) -> new TokenCheck.Refused(
                        TokenCheck.Reason.REVOKED, rs.getTimestamp(1).toInstant()))
                .optional()
                .orElseGet(() -> new TokenCheck.Refused(TokenCheck.Reason.UNKNOWN, null));
    }

    private Optional<TokenCaller> liveToken(String tokenHash) {
        return jdbc.sql("""
                        select t.id, t.workspace_id, t.kind, t.name, m.id, m.name, m.role, t.expires_at
                        from api_tokens t left join members m on m.id = t.member_id
                        where t.token_hash = ? and t.revoked_at is null""")
                .param(tokenHash)
                .query((rs, n) -> new TokenCaller(
                        rs.getString(1),
                        AccessTokens.TokenKind.PERSONAL.wire.equals(rs.getString(3))
                                ? new Caller(
                                        rs.getString(2),
                                        Caller.Type.MEMBER,
                                        rs.getString(5),
                                        rs.getString(6),
                                        Role.fromWire(rs.getString(7)))
                                : new Caller(
                                        rs.getString(2), Caller.Type.API_KEY, rs.getString(1), rs.getString(4), null),
                        AccessTokens.instant(rs.getTimestamp(8))))
                .optional();
    }

    /** A live token's caller, as cached by token hash. */
    record TokenCaller(
            String tokenId, Caller caller, @Nullable Instant expiresAt) {}
}

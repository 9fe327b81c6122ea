package com.polaris.operator.workspace;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.Actor;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspaces, members, personal access tokens and integration keys. Every query is scoped by the
 * workspace of the caller; tokens and passwords are kept only as hashes.
 *
 * <p>Each node caches the callers of live tokens, by token hash; an unknown token is never cached,
 * so a new one works at once everywhere. Every write to a workspace's members or tokens is
 * announced to {@link Changes}, which makes every node forget the callers of that workspace: a
 * revoked token or a changed role cannot outlive the change's commit on this node, nor its notice
 * on the others.
 */
@Service
public class Identities {

    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    /** How many tokens' last writes are remembered before those older than the granularity are dropped. */
    private static final int LAST_USED_REMEMBERED = 10_000;
    static final String CALLERS = "callers";
    private static final RowMapper<Member> MEMBER = (rs, n) -> new Member(rs.getString("id"),
            rs.getString("workspace_id"), rs.getString("email"), rs.getString("name"), Role.fromWire(rs.getString("role")),
            rs.getTimestamp("created_at").toInstant());
    private static final RowMapper<TokenInfo> TOKEN_INFO = (rs, n) -> new TokenInfo(rs.getString("id"),
            rs.getString("name"), rs.getString("hint"), rs.getTimestamp("created_at").toInstant(),
            instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("revoked_at")));

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final String unknownMemberHash;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final TransactionTemplate tx;
    private final SettingsCache<String, TokenCaller> callers;
    private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();
    private volatile Instant lastPruned = Instant.EPOCH;

    Identities(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, Clock clock, Changes changes,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.passwords = passwords;
        this.unknownMemberHash = passwords.encode(BearerTokens.newPassword());
        this.audit = audit;
        this.clock = clock;
        this.changes = changes;
        this.callers = changes.cache(CALLERS, (String tokenHash, TokenCaller found) -> found.caller().workspaceId());
    }

    public record Member(String id, String workspaceId, String email, String name, Role role, Instant createdAt) {}

    public record NewWorkspace(String id, String name, Member owner, String ownerToken) {}

    public record IssuedToken(String id, String name, String token) {}

    /** A token as it is listed: never the token itself, only its hint (prefix and last four characters). */
    public record TokenInfo(String id, String name, String hint, Instant createdAt, @Nullable Instant lastUsedAt,
            @Nullable Instant revokedAt) {}

    public boolean anyWorkspace() {
        return jdbc.sql("select count(*) from workspaces").query(Long.class).single() > 0;
    }

    @Transactional
    public NewWorkspace createWorkspace(String name, String ownerEmail, String ownerPassword, String timezone,
            Actor actor) {
        String id = Ids.next("ws");
        Instant now = clock.instant();
        jdbc.sql("insert into workspaces (id, name, usage_limit, created_at) values (?, ?, null, ?)")
                .params(id, name, Timestamp.from(now))
                .update();
        BusinessHoursSchedules.insertDefault(jdbc, id, timezone, now);
        Member owner = insertMember(id, ownerEmail, "Owner", Role.OWNER, ownerPassword, actor);
        IssuedToken token = issuePersonalToken(owner, "Owner token", null);
        return new NewWorkspace(id, name, owner, token.token());
    }

    @Transactional
    public Member createMember(Caller caller, String email, String name, Role role, String password) {
        caller.requireConfigurer();
        if (role == Role.OWNER && caller.role() != Role.OWNER) {
            throw ApiProblem.forbidden("Only an owner can add another owner.");
        }
        return insertMember(caller.workspaceId(), email, name, role, password, caller.actor());
    }

    private Member insertMember(String workspaceId, String email, String name, Role role, String password,
            Actor actor) {
        String id = Ids.next("mem");
        Instant now = clock.instant();
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        try {
            jdbc.sql("""
                            insert into members (id, workspace_id, email, name, role, password_hash, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, workspaceId, normalized, name, role.wire(), passwords.encode(password), Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("member-exists", "A member with this email already exists.");
        }
        changes.announce(CALLERS, workspaceId);
        audit.append(workspaceId, "member.created", actor, "member:" + id, null,
                Map.of("memberId", id, "email", normalized, "name", name, "role", role.wire()));
        return new Member(id, workspaceId, normalized, name, role, now);
    }

    /**
     * Gives a member another role. Owners and admins change roles; only an owner makes an owner or
     * changes one, and a workspace always keeps an owner. The member's tokens and console session
     * act with the new role as soon as the change commits (on other nodes, once they hear of it).
     */
    @Transactional
    public Member changeRole(Caller caller, String memberId, Role role) {
        caller.requireConfigurer();
        List<String> owners = lockOwners(caller.workspaceId());
        Member member = memberToChange(caller, owners, memberId, role == Role.OWNER);
        if (member.role() == role) {
            return member;
        }
        if (member.role() == Role.OWNER) {
            requireAnotherOwner(owners, member, "demoted");
        }
        jdbc.sql("update members set role = ? where id = ?").params(role.wire(), memberId).update();
        changes.announce(CALLERS, member.workspaceId());
        audit.append(member.workspaceId(), "member.role_changed", caller.actor(), "member:" + memberId, null,
                Map.of("memberId", memberId, "from", member.role().wire(), "to", role.wire()));
        return new Member(member.id(), member.workspaceId(), member.email(), member.name(), role, member.createdAt());
    }

    /**
     * Removes a member from the workspace: their tokens and console session stop working, their
     * email may join again, and what they did stays in actions, approvals and the audit log under
     * their name. The same rules as {@link #changeRole} apply; the last owner cannot be removed.
     */
    @Transactional
    public Member removeMember(Caller caller, String memberId) {
        caller.requireConfigurer();
        List<String> owners = lockOwners(caller.workspaceId());
        Member member = memberToChange(caller, owners, memberId, false);
        if (member.role() == Role.OWNER) {
            requireAnotherOwner(owners, member, "removed");
        }
        jdbc.sql("delete from api_tokens where member_id = ?").param(memberId).update();
        jdbc.sql("delete from members where id = ?").param(memberId).update();
        changes.announce(CALLERS, member.workspaceId());
        audit.append(member.workspaceId(), "member.removed", caller.actor(), "member:" + memberId, null,
                Map.of("memberId", memberId, "email", member.email(), "name", member.name(), "role", member.role().wire()));
        return member;
    }

    /**
     * The member to change, locked. Only an owner may change an owner or make one, judged by the
     * locked {@code owners}, not by the role the caller's token was cached with: an owner demoted a
     * moment ago, or whose demotion another node has not heard of yet, is one no more.
     */
    private Member memberToChange(Caller caller, List<String> owners, String memberId, boolean makesOwner) {
        Member member = jdbc.sql("""
                        select id, workspace_id, email, name, role, created_at from members
                        where workspace_id = ? and id = ? for update""")
                .params(caller.workspaceId(), memberId)
                .query(MEMBER)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("The member '" + memberId + "'"));
        if ((makesOwner || member.role() == Role.OWNER) && !owners.contains(caller.id())) {
            throw ApiProblem.forbidden("Only an owner can make an owner or change one.");
        }
        return member;
    }

    /**
     * Locks the workspace's owners, always first and in one order: two owners changed at once then
     * take turns, and the second sees what the first did, so neither leaves the workspace without one.
     */
    private List<String> lockOwners(String workspaceId) {
        return jdbc.sql("select id from members where workspace_id = ? and role = ? order by id for update")
                .params(workspaceId, Role.OWNER.wire())
                .query(String.class)
                .list();
    }

    private static void requireAnotherOwner(List<String> owners, Member owner, String change) {
        if (owners.stream().allMatch(id -> id.equals(owner.id()))) {
            throw ApiProblem.conflict("last-owner", "The workspace's last owner cannot be " + change
                    + "; make another member an owner first.");
        }
    }

    public List<Member> members(Caller caller, @Nullable String after, int limit) {
        caller.requireConfigurer();
        return jdbc.sql("""
                        select id, workspace_id, email, name, role, created_at from members
                        where workspace_id = ? and (cast(? as varchar) is null or id < ?)
                        order by id desc limit ?""")
                .params(caller.workspaceId(), after, after, limit + 1)
                .query(MEMBER)
                .list();
    }

    /**
     * Exchanges a member's email and password for a new personal access token. No transaction is
     * held while the password hash is checked.
     */
    public IssuedToken signIn(String email, String password, String tokenName) {
        var badCredentials = new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Bad credentials",
                "The email or password is not right.");
        Member member = memberByCredentials(email, password).orElseThrow(() -> badCredentials);
        try {
            return Objects.requireNonNull(tx.execute(status -> issuePersonalToken(member, tokenName, null)));
        } catch (DataIntegrityViolationException removedMeanwhile) {
            throw badCredentials;
        }
    }

    /**
     * The member with this email and password, for the API's and the console's sign-in. An unknown
     * email is checked against a stand-in hash, so answering takes as long as for a known one and
     * does not tell which emails are members.
     */
    public Optional<Member> memberByCredentials(String email, String password) {
        Optional<MemberWithHash> found = jdbc.sql("""
                        select id, workspace_id, email, name, role, created_at, password_hash from members where email = ?""")
                .param(email.trim().toLowerCase(Locale.ROOT))
                .query((rs, n) -> new MemberWithHash(MEMBER.mapRow(rs, n), rs.getString("password_hash")))
                .optional();
        boolean matches = passwords.matches(password, found.map(MemberWithHash::hash).orElse(unknownMemberHash));
        return found.filter(m -> matches).map(MemberWithHash::member);
    }

    /**
     * Issues a personal access token that acts as {@code member}, audited on the member's chain as
     * {@code token.created} (with its hint, never the token).
     */
    @Transactional
    public IssuedToken issuePersonalToken(Member member, String name, @Nullable String presetToken) {
        String token = presetToken != null ? presetToken : BearerTokens.newToken(BearerTokens.PERSONAL_TOKEN_PREFIX);
        lockMember(member.workspaceId(), member.id());
        String id = insertToken(member.workspaceId(), TokenKind.PERSONAL.wire, member.id(), name, token);
        audit.append(member.workspaceId(), "token.created", new Actor(Caller.Type.MEMBER.wire(), member.id(), member.name()),
                "member:" + member.id(), null, Map.of("tokenId", id, "name", name, "hint", BearerTokens.hint(token)));
        return new IssuedToken(id, name, token);
    }

    @Transactional
    public IssuedToken createIntegrationKey(Caller caller, String name) {
        caller.requireConfigurer();
        return createIntegrationKey(caller.workspaceId(), name, null, caller.actor());
    }

    @Transactional
    public IssuedToken createIntegrationKey(String workspaceId, String name, @Nullable String presetKey, Actor actor) {
        String key = presetKey != null ? presetKey : BearerTokens.newToken(BearerTokens.INTEGRATION_KEY_PREFIX);
        String id = insertToken(workspaceId, TokenKind.INTEGRATION.wire, null, name, key);
        audit.append(workspaceId, "api_key.created", actor, "api_key:" + id, null,
                Map.of("apiKeyId", id, "name", name, "hint", BearerTokens.hint(key)));
        return new IssuedToken(id, name, key);
    }

    private String insertToken(String workspaceId, String kind, @Nullable String memberId, String name, String token) {
        String id = Ids.next("tok");
        jdbc.sql("""
                        insert into api_tokens (id, workspace_id, kind, member_id, name, token_hash, hint, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, workspaceId, kind, memberId, name, BearerTokens.hash(token), BearerTokens.hint(token),
                        Timestamp.from(clock.instant()))
                .update();
        changes.announce(CALLERS, workspaceId);
        return id;
    }

    /** The workspace's integration keys, revoked ones included, newest first. */
    public List<TokenInfo> integrationKeys(Caller caller, @Nullable String after, int limit) {
        caller.requireConfigurer();
        return tokens(caller.workspaceId(), TokenKind.INTEGRATION.wire, null, after, limit);
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
    public List<TokenInfo> personalTokens(Caller caller, @Nullable String after, int limit) {
        caller.requireMember();
        return tokens(caller.workspaceId(), TokenKind.PERSONAL.wire, caller.id(), after, limit);
    }

    private List<TokenInfo> tokens(String workspaceId, String kind, @Nullable String memberId, @Nullable String after,
            int limit) {
        return jdbc.sql("""
                        select id, name, hint, created_at, last_used_at, revoked_at from api_tokens
                        where workspace_id = ? and kind = ? and (cast(? as varchar) is null or member_id = ?)
                            and (cast(? as varchar) is null or id < ?)
                        order by id desc limit ?""")
                .params(workspaceId, kind, memberId, memberId, after, after, limit + 1)
                .query(TOKEN_INFO)
                .list();
    }

    private Optional<TokenInfo> token(String workspaceId, String kind, @Nullable String memberId, String tokenId,
            String lock) {
        return jdbc.sql("""
                        select id, name, hint, created_at, last_used_at, revoked_at from api_tokens
                        where workspace_id = ? and kind = ? and id = ? and (cast(? as varchar) is null or member_id = ?)"""
                        + lock)
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
            lockMember(caller.workspaceId(), memberId);
        }
        TokenInfo token = token(caller.workspaceId(), kind.wire, memberId, tokenId, " for update")
                .orElseThrow(() -> ApiProblem.notFound(kind.noun + " '" + tokenId + "'"));
        if (token.revokedAt() != null) {
            return token;
        }
        Instant now = clock.instant();
        jdbc.sql("update api_tokens set revoked_at = ? where id = ?").params(Timestamp.from(now), tokenId).update();
        changes.announce(CALLERS, caller.workspaceId());
        String subject = kind == TokenKind.PERSONAL ? "member:" + memberId : "api_key:" + tokenId;
        audit.append(caller.workspaceId(), kind.revokedEvent, caller.actor(), subject, null,
                Map.of(kind.idField, tokenId, "name", token.name(), "hint", token.hint()));
        return new TokenInfo(token.id(), token.name(), token.hint(), token.createdAt(), token.lastUsedAt(), now);
    }

    /** The caller a bearer token stands for, if it is a live token. */
    public Optional<Caller> authenticate(String token) {
        Optional<TokenCaller> found = callers.find(BearerTokens.hash(token), this::liveToken);
        found.ifPresent(f -> markUsed(f.tokenId()));
        return found.map(TokenCaller::caller);
    }

    private Optional<TokenCaller> liveToken(String tokenHash) {
        return jdbc.sql("""
                        select t.id, t.workspace_id, t.kind, t.name, m.id, m.name, m.role
                        from api_tokens t left join members m on m.id = t.member_id
                        where t.token_hash = ? and t.revoked_at is null""")
                .param(tokenHash)
                .query((rs, n) -> new TokenCaller(rs.getString(1), TokenKind.PERSONAL.wire.equals(rs.getString(3))
                        ? new Caller(rs.getString(2), Caller.Type.MEMBER, rs.getString(5), rs.getString(6),
                                Role.fromWire(rs.getString(7)))
                        : new Caller(rs.getString(2), Caller.Type.API_KEY, rs.getString(1), rs.getString(4), null)))
                .optional();
    }

    public Optional<Member> member(String workspaceId, String memberId) {
        return jdbc.sql("select id, workspace_id, email, name, role, created_at from members where workspace_id = ? and id = ?")
                .params(workspaceId, memberId)
                .query(MEMBER)
                .optional();
    }

    private void markUsed(String tokenId) {
        Instant now = clock.instant();
        Instant written = lastUsedWritten.get(tokenId);
        if (written != null && written.plus(LAST_USED_GRANULARITY).isAfter(now)) {
            return;
        }
        if (written == null && lastUsedWritten.size() >= LAST_USED_REMEMBERED
                && !lastPruned.plus(LAST_USED_GRANULARITY).isAfter(now)) {
            // Entries older than the granularity no longer spare a write: forget them (at most once
            // per granularity, so many tokens in use at once do not make every request scan them).
            lastPruned = now;
            lastUsedWritten.values().removeIf(at -> !at.plus(LAST_USED_GRANULARITY).isAfter(now));
        }
        lastUsedWritten.put(tokenId, now);
        jdbc.sql("update api_tokens set last_used_at = ? where id = ?").params(Timestamp.from(now), tokenId).update();
    }

    /**
     * Locks a member's row: the member's audit chain ({@code member:<id>}) is appended to only under
     * it, by a role change, a removal, and a token made or revoked.
     */
    private void lockMember(String workspaceId, String memberId) {
        jdbc.sql("select id from members where workspace_id = ? and id = ? for update")
                .params(workspaceId, memberId)
                .query(String.class)
                .list();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record MemberWithHash(Member member, String hash) {}

    /** The two kinds of bearer token, as stored and as their revocation is audited. */
    private enum TokenKind {
        PERSONAL("personal", "The token", "token.revoked", "tokenId"),
        INTEGRATION("integration", "The integration key", "api_key.revoked", "apiKeyId");

        final String wire;
        final String noun;
        final String revokedEvent;
        final String idField;

        TokenKind(String wire, String noun, String revokedEvent, String idField) {
            this.wire = wire;
            this.noun = noun;
            this.revokedEvent = revokedEvent;
            this.idField = idField;
        }
    }

    private record TokenCaller(String tokenId, Caller caller) {}
}

package com.polaris.operator.workspace;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>A person may be a member of several workspaces: one member row in each, with its own password
 * and role, so nothing one workspace does changes what another's member signs in with, and no
 * answer to one workspace depends on whether an email belongs to another.
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
    private static final RowMapper<Member> MEMBER = (rs, n) -> new Member(
            rs.getString("id"),
            rs.getString("workspace_id"),
            rs.getString("email"),
            rs.getString("name"),
            Role.fromWire(rs.getString("role")),
            rs.getTimestamp("created_at").toInstant());
    private static final RowMapper<TokenInfo> TOKEN_INFO = (rs, n) -> new TokenInfo(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("hint"),
            rs.getTimestamp("created_at").toInstant(),
            instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("last_used_at")),
            instant(rs.getTimestamp("revoked_at")));
    private static final String TOKEN_COLUMNS = "id, name, hint, created_at, expires_at, last_used_at, revoked_at";
    /**
     * The most memberships of one email a sign-in checks the password of (one bcrypt each); a
     * person in more workspaces names the workspace to reach the others.
     */
    static final int SIGN_IN_MEMBERSHIPS = 20;

    private static final Logger log = LoggerFactory.getLogger(Identities.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final String unknownMemberHash;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final TransactionTemplate tx;
    private final SettingsCache<String, TokenCaller> callers;
    private final SignInThrottle throttle;
    private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();
    private volatile Instant lastPruned = Instant.EPOCH;

    Identities(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            AuditLog audit,
            Clock clock,
            Changes changes,
            PlatformTransactionManager transactions,
            SignInThrottle throttle) {
        this.jdbc = jdbc;
        this.throttle = throttle;
        this.tx = new TransactionTemplate(transactions);
        this.passwords = passwords;
        this.unknownMemberHash = passwords.encode(BearerTokens.newPassword());
        this.audit = audit;
        this.clock = clock;
        this.changes = changes;
        this.callers = changes.cache(
                CALLERS, (String tokenHash, TokenCaller found) -> found.caller().workspaceId());
    }

    public record Member(String id, String workspaceId, String email, String name, Role role, Instant createdAt) {}

    public record NewWorkspace(String id, String name, Member owner, String ownerToken) {}

    /** A membership a sign-in's password matched: the member and the name of their workspace. */
    public record Membership(Member member, String workspaceName) {}

    public record IssuedToken(
            String id,
            String workspaceId,
            String name,
            String token,
            @Nullable Instant expiresAt) {}

    /**
     * A token as it is listed: never the token itself, only its hint (prefix and last four
     * characters); {@code expiresAt} is null for a token that does not expire.
     */
    public record TokenInfo(
            String id,
            String name,
            String hint,
            Instant createdAt,
            @Nullable Instant expiresAt,
            @Nullable Instant lastUsedAt,
            @Nullable Instant revokedAt) {}

    /** 429: the client failed to sign in too often; it may try again after {@code retryAfter}. */
    public static final class TooManySignIns extends ApiProblem {

        private final Duration retryAfter;

        TooManySignIns(Duration retryAfter) {
            super(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-sign-ins",
                    "Too many sign-ins",
                    "Too many failed sign-ins from this client: try again after the seconds in Retry-After.");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * 409: the email and password match members of several workspaces and the request named none;
     * {@code workspaces} are those memberships only.
     */
    public static final class WorkspaceRequired extends ApiProblem {

        private final List<Membership> workspaces;

        WorkspaceRequired(List<Membership> workspaces) {
            super(
                    HttpStatus.CONFLICT,
                    "workspace-required",
                    "Workspace required",
                    "These credentials sign in to several workspaces: name one as workspaceId.");
            this.workspaces = List.copyOf(workspaces);
        }

        public List<Membership> workspaces() {
            return workspaces;
        }
    }

    public boolean anyWorkspace() {
        return jdbc.sql("select count(*) from workspaces").query(Long.class).single() > 0;
    }

    @Transactional
    public NewWorkspace createWorkspace(
            String name, String ownerEmail, String ownerPassword, String timezone, Actor actor) {
        String id = Ids.next("ws");
        Instant now = clock.instant();
        jdbc.sql("insert into workspaces (id, name, usage_limit, created_at) values (?, ?, null, ?)")
                .params(id, name, Timestamp.from(now))
                .update();
        BusinessHoursSchedules.insertDefault(jdbc, id, timezone, now);
        Member owner = insertMember(id, ownerEmail, "Owner", Role.OWNER, ownerPassword, actor);
        IssuedToken token = issuePersonalToken(owner, "Owner token", null, null);
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

    private Member insertMember(
            String workspaceId, String email, String name, Role role, String password, Actor actor) {
        String id = Ids.next("mem");
        Instant now = clock.instant();
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        try {
            jdbc.sql("""
                            insert into members (id, workspace_id, email, name, role, password_hash, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            workspaceId,
                            normalized,
                            name,
                            role.wire(),
                            passwords.encode(password),
                            Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("member-exists", "This workspace already has a member with this email.");
        }
        changes.announce(CALLERS, workspaceId);
        audit.append(
                workspaceId,
                "member.created",
                actor,
                "member:" + id,
                null,
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
        jdbc.sql("update members set role = ? where id = ?")
                .params(role.wire(), memberId)
                .update();
        changes.announce(CALLERS, member.workspaceId());
        audit.append(
                member.workspaceId(),
                "member.role_changed",
                caller.actor(),
                "member:" + memberId,
                null,
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
        audit.append(
                member.workspaceId(),
                "member.removed",
                caller.actor(),
                "member:" + memberId,
                null,
                Map.of(
                        "memberId",
                        memberId,
                        "email",
                        member.email(),
                        "name",
                        member.name(),
                        "role",
                        member.role().wire()));
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
            throw ApiProblem.conflict(
                    "last-owner",
                    "The workspace's last owner cannot be " + change + "; make another member an owner first.");
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
     * Exchanges a member's email and password for a new personal access token, for a client at
     * {@code clientAddress} ({@link ClientAddresses}). With {@code workspaceId}, only the membership
     * in that workspace is tried; without it, credentials that match members of several workspaces
     * are answered with {@link WorkspaceRequired}. No transaction is held while passwords are checked.
     *
     * @throws TooManySignIns when the client is over its limit of failed sign-ins
     */
    public IssuedToken signIn(
            String email,
            String password,
            @Nullable String workspaceId,
            String tokenName,
            @Nullable Instant expiresAt,
            String clientAddress) {
        var badCredentials = new ApiProblem(
                HttpStatus.UNAUTHORIZED, "bad-credentials", "Bad credentials", "The email or password is not right.");
        List<Membership> matched = memberships(email, password, workspaceId, clientAddress);
        if (matched.isEmpty()) {
            throw badCredentials;
        }
        if (matched.size() > 1) {
            throw new WorkspaceRequired(matched);
        }
        Member member = matched.getFirst().member();
        try {
            return Objects.requireNonNull(tx.execute(status -> issuePersonalToken(member, tokenName, null, expiresAt)));
        } catch (DataIntegrityViolationException removedMeanwhile) {
            throw badCredentials;
        }
    }

    /**
     * The memberships of {@code email} whose password is {@code password} (in {@code workspaceId}
     * only, when it is given), for the API's and the console's sign-in from {@code clientAddress}.
     * Failed attempts are throttled by {@link SignInThrottle} and audited, off the answer's path, on
     * the chains of the members they tried ({@code member.sign_in_failed}, and
     * {@code member.sign_in_throttled} when the client reaches its limit), with the client's
     * address and never the password. An unknown email is checked against a stand-in hash, counted
     * and answered exactly like a known one, so nothing tells which emails are members.
     *
     * @throws TooManySignIns when the client is over its limit of failed sign-ins; no password is
     *     checked then
     */
    public List<Membership> memberships(
            String email, String password, @Nullable String workspaceId, String clientAddress) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        SignInThrottle.Attempt attempt;
        try {
            attempt = throttle.begin(normalized, clientAddress);
        } catch (SignInThrottle.Throttled e) {
            throw new TooManySignIns(e.retryAfter());
        }
        List<MemberWithHash> candidates = jdbc.sql("""
                        select m.id, m.workspace_id, m.email, m.name, m.role, m.created_at, m.password_hash,
                            w.name workspace_name
                        from members m join workspaces w on w.id = m.workspace_id
                        where m.email = ? and (cast(? as varchar) is null or m.workspace_id = ?)
                        order by m.created_at, m.id limit ?""")
                .params(normalized, workspaceId, workspaceId, SIGN_IN_MEMBERSHIPS)
                .query((rs, n) -> new MemberWithHash(
                        new Membership(MEMBER.mapRow(rs, n), rs.getString("workspace_name")),
                        rs.getString("password_hash")))
                .list();
        List<Membership> matched = candidates.stream()
                .filter(c -> passwords.matches(password, c.hash()))
                .map(MemberWithHash::membership)
                .toList();
        if (candidates.isEmpty()) {
            passwords.matches(password, unknownMemberHash);
        }
        if (!matched.isEmpty()) {
            throttle.succeeded(attempt);
            return matched;
        }
        if (attempt.lastBeforeThrottling()) {
            log.info(
                    "Sign-ins from {} for account {} are throttled from now on",
                    clientAddress,
                    accountHint(normalized));
        }
        if (!candidates.isEmpty()) {
            Thread.ofVirtual()
                    .name("sign-in-audit")
                    .start(() -> auditFailure(candidates, clientAddress, attempt.lastBeforeThrottling()));
        }
        return List.of();
    }

    private void auditFailure(List<MemberWithHash> candidates, String clientAddress, boolean throttled) {
        var actor = new Actor("anonymous", null, "Sign-in from " + clientAddress);
        for (MemberWithHash candidate : candidates) {
            Member member = candidate.membership().member();
            try {
                tx.executeWithoutResult(status -> {
                    lockMember(member.workspaceId(), member.id());
                    var data = Map.of("memberId", member.id(), "clientAddress", clientAddress);
                    audit.append(
                            member.workspaceId(), "member.sign_in_failed", actor, "member:" + member.id(), null, data);
                    if (throttled) {
                        audit.append(
                                member.workspaceId(),
                                "member.sign_in_throttled",
                                actor,
                                "member:" + member.id(),
                                null,
                                data);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not audit a failed sign-in of member {}: {}", member.id(), e.toString());
            }
        }
    }

    /** An account's email as logs may show it: the start of its SHA-256, never the email. */
    private static String accountHint(String normalizedEmail) {
        return BearerTokens.hash(normalizedEmail).substring(0, 12);
    }

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
        lockMember(member.workspaceId(), member.id());
        String id = insertToken(member.workspaceId(), TokenKind.PERSONAL.wire, member.id(), name, token, expiresAt);
        audit.append(
                member.workspaceId(),
                "token.created",
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
                "api_key.created",
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

    private List<TokenInfo> tokens(
            String workspaceId, String kind, @Nullable String memberId, @Nullable String after, int limit) {
        return jdbc.sql("select " + TOKEN_COLUMNS + """
                         from api_tokens
                        where workspace_id = ? and kind = ? and (cast(? as varchar) is null or member_id = ?)
                            and (cast(? as varchar) is null or id < ?)
                        order by id desc limit ?""")
                .params(workspaceId, kind, memberId, memberId, after, after, limit + 1)
                .query(TOKEN_INFO)
                .list();
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
            lockMember(caller.workspaceId(), memberId);
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
        changes.announce(CALLERS, caller.workspaceId());
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
            markUsed(found.get().tokenId());
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
                        TokenKind.PERSONAL.wire.equals(rs.getString(3))
                                ? new Caller(
                                        rs.getString(2),
                                        Caller.Type.MEMBER,
                                        rs.getString(5),
                                        rs.getString(6),
                                        Role.fromWire(rs.getString(7)))
                                : new Caller(
                                        rs.getString(2), Caller.Type.API_KEY, rs.getString(1), rs.getString(4), null),
                        instant(rs.getTimestamp(8))))
                .optional();
    }

    public Optional<Member> member(String workspaceId, String memberId) {
        return jdbc.sql(
                        "select id, workspace_id, email, name, role, created_at from members where workspace_id = ? and id = ?")
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

    private record MemberWithHash(Membership membership, String hash) {}

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

    private record TokenCaller(
            String tokenId, Caller caller, @Nullable Instant expiresAt) {}
}

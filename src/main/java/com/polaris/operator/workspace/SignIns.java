package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in with an email and password, for the API (a new personal access token) and the
 * console (a session). A person may be a member of several workspaces, each with its own password,
 * so no answer to one workspace depends on whether an email belongs to another.
 */
@Service
@RequiredArgsConstructor
public class SignIns {

    /**
     * The most memberships of one email a sign-in checks the password of (one bcrypt each); a
     * person in more workspaces names the workspace to reach the others.
     */
    static final int SIGN_IN_MEMBERSHIPS = 20;

    private static final Logger log = LoggerFactory.getLogger(SignIns.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final SignInThrottle throttle;
    private final Members members;
    private final AccessTokens tokens;
    private final StandInPassword standIn;

    /** A membership a sign-in's password matched: the member and the name of their workspace. */
    public record Membership(Member member, String workspaceName) {}

    /** 429: the client failed to sign in too often; it may try again after {@code retryAfter}. */
    public static final class TooManySignIns extends ApiProblem {

        private final Duration retryAfter;

        TooManySignIns(Duration retryAfter) {
            super(
                    ApiProblem.Kind.TOO_MANY,
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
                    ApiProblem.Kind.CONFLICT,
                    "workspace-required",
                    "Workspace required",
                    "These credentials sign in to several workspaces: name one as workspaceId.");
            this.workspaces = List.copyOf(workspaces);
        }

        public List<Membership> workspaces() {
            return workspaces;
        }
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
                ApiProblem.Kind.UNAUTHENTICATED,
                "bad-credentials",
                "Bad credentials",
                "The email or password is not right.");
        List<Membership> matched = memberships(email, password, workspaceId, clientAddress);
        if (matched.isEmpty()) {
            throw badCredentials;
        }
        if (matched.size() > 1) {
            throw new WorkspaceRequired(matched);
        }
        Member member = matched.getFirst().member();
        try {
            return Objects.requireNonNull(
                    tx.execute(status -> tokens.issuePersonalToken(member, tokenName, null, expiresAt)));
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
                        new Membership(Members.MEMBER.mapRow(rs, n), rs.getString("workspace_name")),
                        rs.getString("password_hash")))
                .list();
        List<Membership> matched = candidates.stream()
                .filter(c -> passwords.matches(password, c.hash()))
                .map(MemberWithHash::membership)
                .toList();
        if (candidates.isEmpty()) {
            standIn.check(password);
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
                    members.lockMember(member.workspaceId(), member.id());
                    var data = Map.of("memberId", member.id(), "clientAddress", clientAddress);
                    audit.append(
                            member.workspaceId(),
                            AuditEventType.MEMBER_SIGN_IN_FAILED,
                            actor,
                            "member:" + member.id(),
                            null,
                            data);
                    if (throttled) {
                        audit.append(
                                member.workspaceId(),
                                AuditEventType.MEMBER_SIGN_IN_THROTTLED,
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

    private record MemberWithHash(Membership membership, String hash) {}
}

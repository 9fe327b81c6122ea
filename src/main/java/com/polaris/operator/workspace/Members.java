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
import com.polaris.operator.identity.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of each workspace and their roles. Every query is scoped by the workspace of the
 * caller; passwords are kept only as bcrypt hashes.
 *
 * <p>A person may be a member of several workspaces: one member row in each, with its own password
 * and role, so nothing one workspace does changes what another's member signs in with. Every change
 * is announced to {@link Changes} under {@link TokenCallers#CALLERS}, so no node acts on a stale
 * role or a removed member's tokens.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Members {

    static final RowMapper<Member> MEMBER = (rs, n) -> new Member(
            rs.getString("id"),
            rs.getString("workspace_id"),
            rs.getString("email"),
            rs.getString("name"),
            Role.fromWire(rs.getString("role")),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final Changes changes;
    private final ApplicationEventPublisher events;

    @Transactional
    public Member createMember(Caller caller, String email, String name, Role role, String password) {
        caller.requireConfigurer();
        if (role == Role.OWNER && caller.role() != Role.OWNER) {
            throw ApiProblem.forbidden("Only an owner can add another owner.");
        }
        return insertMember(caller.workspaceId(), email, name, role, password, caller.actor());
    }

    Member insertMember(String workspaceId, String email, String name, Role role, String password, Actor actor) {
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
        changes.announce(TokenCallers.CALLERS, workspaceId);
        audit.append(
                workspaceId,
                AuditEventType.MEMBER_CREATED,
                actor,
                "member:" + id,
                null,
                Map.of("memberId", id, "email", normalized, "name", name, "role", role.wire()));
        events.publishEvent(new MemberChanged(workspaceId, id, role));
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
        changes.announce(TokenCallers.CALLERS, member.workspaceId());
        audit.append(
                member.workspaceId(),
                AuditEventType.MEMBER_ROLE_CHANGED,
                caller.actor(),
                "member:" + memberId,
                null,
                Map.of("memberId", memberId, "from", member.role().wire(), "to", role.wire()));
        events.publishEvent(new MemberChanged(member.workspaceId(), memberId, role));
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
        changes.announce(TokenCallers.CALLERS, member.workspaceId());
        audit.append(
                member.workspaceId(),
                AuditEventType.MEMBER_REMOVED,
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
        events.publishEvent(new MemberChanged(member.workspaceId(), memberId, null));
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

    public Page<Member> members(Caller caller, PageRequest page) {
        caller.requireConfigurer();
        var rows = jdbc.sql("""
                        select id, workspace_id, email, name, role, created_at from members
                        where workspace_id = ? and (cast(? as varchar) is null or id < ?)
                        order by id desc limit ?""")
                .params(caller.workspaceId(), page.after(), page.after(), page.rows())
                .query(MEMBER)
                .list();
        return page.page(rows, Member::id);
    }

    /** Every member of the workspace, oldest first: a workspace has a team's worth, not thousands. */
    public List<Member> all(String workspaceId) {
        return jdbc.sql(
                        "select id, workspace_id, email, name, role, created_at from members where workspace_id = ? order by id")
                .param(workspaceId)
                .query(MEMBER)
                .list();
    }

    public Optional<Member> member(String workspaceId, String memberId) {
        return jdbc.sql(
                        "select id, workspace_id, email, name, role, created_at from members where workspace_id = ? and id = ?")
                .params(workspaceId, memberId)
                .query(MEMBER)
                .optional();
    }

    /**
     * Locks a member's row: the member's audit chain ({@code member:<id>}) is appended to only under
     * it, by a role change, a removal, a failed sign-in, and a token made or revoked.
     */
    void lockMember(String workspaceId, String memberId) {
        jdbc.sql("select id from members where workspace_id = ? and id = ? for update")
                .params(workspaceId, memberId)
                .query(String.class)
                .list();
    }
}

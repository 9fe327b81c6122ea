package com.polaris.operator.workspace;

import com.polaris.operator.Ids;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces: each made with its owner, an owner token and the default business hours. */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Workspaces {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Members members;
    private final AccessTokens tokens;

    public record NewWorkspace(String id, String name, Member owner, String ownerToken) {}

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
        Member owner = members.insertMember(id, ownerEmail, "Owner", Role.OWNER, ownerPassword, actor);
        IssuedToken token = tokens.issuePersonalToken(owner, "Owner token", null, null);
        return new NewWorkspace(id, name, owner, token.token());
    }
}

package com.polaris.operator.identity;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.WireName;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as decided by the bearer token: a member (personal access token) or an
 * integration key. The workspace comes from the token only, never from the request.
 */
public record Caller(
        String workspaceId,
        Type type,
        String id,
        String name,
        @Nullable Role role) {

    public enum Type implements WireName {
        MEMBER,
        API_KEY,
        /** Polaris itself, working in the background on a workspace's behalf (the operator preparing a conversation). */
        SYSTEM
    }

    public boolean isMember() {
        return type == Type.MEMBER;
    }

    public Actor actor() {
        return new Actor(type.wire(), id, name);
    }

    /** Members only; integration keys may propose and read, nothing more. */
    public Caller requireMember() {
        if (!isMember()) {
            throw ApiProblem.forbidden("Integration keys cannot do this; sign in as a member.");
        }
        return this;
    }

    public Caller requireRole(Role... allowed) {
        requireMember();
        if (Arrays.stream(allowed).noneMatch(r -> r == role)) {
            throw ApiProblem.forbidden("Your role does not allow this.");
        }
        return this;
    }

    public Caller requireConfigurer() {
        return requireRole(Role.OWNER, Role.ADMIN);
    }
}

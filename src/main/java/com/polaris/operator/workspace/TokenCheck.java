package com.polaris.operator.workspace;

import com.polaris.operator.api.WireName;
import com.polaris.operator.identity.Caller;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a presented bearer token stands for: the caller it acts as, or why it is refused. A
 * refusal tells the token's holder about that token only (missing, unknown, revoked or expired),
 * never anything about a workspace.
 */
public sealed interface TokenCheck {

    /** The token is live: it acts as {@code caller}. */
    record Accepted(Caller caller) implements TokenCheck {}

    /** The token is refused; {@code at} is when it was revoked or expired, when it was. */
    record Refused(Reason reason, @Nullable Instant at) implements TokenCheck {

        /** Words for the holder of the token, for a 401's {@code detail}. */
        public String detail() {
            return switch (reason) {
                case MISSING -> "No bearer token was sent: send 'Authorization: Bearer <token>'.";
                case UNKNOWN ->
                    "The bearer token is not known: it may be mistyped, or its member may have been removed.";
                case REVOKED -> "The bearer token was revoked" + (at == null ? "" : " at " + at) + ": make a new one.";
                case EXPIRED -> "The bearer token expired" + (at == null ? "" : " at " + at) + ": make a new one.";
            };
        }
    }

    /** Why a token is refused, as the 401 answer's {@code reason} names it. */
    enum Reason implements WireName {
        MISSING,
        UNKNOWN,
        REVOKED,
        EXPIRED;
    }
}

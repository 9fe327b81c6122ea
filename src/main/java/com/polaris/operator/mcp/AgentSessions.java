package com.polaris.operator.mcp;

import com.polaris.operator.identity.Caller;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The MCP sessions open on this node. Each belongs to the token that opened it (kept as a digest,
 * never the token) and to that token's workspace: a request naming a session it does not own is
 * told the session does not exist. One token holds at most {@code polaris.mcp.sessions-per-token}
 * sessions (opening one more ends its least recently used), and a session without a request or an
 * open stream for {@code polaris.mcp.session-idle} ends.
 *
 * <p>Sessions live in this node's memory only: on another node the same id is unknown, and the
 * client opens a new session there, as the protocol expects.
 */
@Component
class AgentSessions implements McpStreamableServerSession.Factory {

    private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);

    /** Who opens or uses a session: the digest of the bearer token and the caller it stands for. */
    record Opener(String tokenDigest, Caller caller) {}

    private static final class Entry {
        private final Opener opener;
        private final McpStreamableServerSession session;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile Instant lastUsed;

        private Entry(Opener opener, McpStreamableServerSession session, Instant now) {
            this.opener = opener;
            this.session = session;
            this.lastUsed = now;
        }

        private boolean idleSince(Instant moment) {
            return inFlight.get() == 0 && lastUsed.isBefore(moment);
        }
    }

    /** A request the servlet container runs. */
    interface Request {
        void run() throws IOException, ServletException;
    }

    /** What a request may do with the session it names. */
    enum Admission {
        ADMITTED,
        UNKNOWN,
        FULL
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ThreadLocal<Opener> opening = new ThreadLocal<>();
    private final Clock clock;
    private final int perToken;
    private final Duration idle;
    private volatile McpStreamableServerSession.@Nullable Factory factory;

    AgentSessions(
            Clock clock,
            @Value("${polaris.mcp.sessions-per-token}") int perToken,
            @Value("${polaris.mcp.session-idle}") Duration idle) {
        if (perToken < 1) {
            throw new IllegalArgumentException("polaris.mcp.sessions-per-token must be at least 1");
        }
        this.clock = clock;
        this.perToken = perToken;
        this.idle = idle;
    }

    /** The factory that makes the protocol's sessions; set once the server is built. */
    void makeSessionsWith(McpStreamableServerSession.Factory factory) {
        this.factory = factory;
    }

    @Override
    public McpStreamableServerSession.McpStreamableServerSessionInit startSession(McpSchema.InitializeRequest request) {
        Opener opener = Objects.requireNonNull(opening.get(), "A session is opened only through SessionGuard");
        var init = Objects.requireNonNull(factory, "The MCP server is not built yet")
                .startSession(request);
        sessions.put(init.session().getId(), new Entry(opener, init.session(), clock.instant()));
        return init;
    }

    /**
     * Runs {@code request} (one without a session id, which may open a session) on behalf of
     * {@code opener}: makes room for one more of the token's sessions first.
     */
    Admission open(Opener opener, Request request) throws IOException, ServletException {
        synchronized (this) {
            List<Map.Entry<String, Entry>> own = sessions.entrySet().stream()
                    .filter(e -> e.getValue().opener.tokenDigest().equals(opener.tokenDigest()))
                    .sorted(Comparator.comparing(e -> e.getValue().lastUsed))
                    .toList();
            int excess = own.size() - perToken + 1;
            for (var oldest : own) {
                if (excess <= 0) {
                    break;
                }
                if (oldest.getValue().inFlight.get() == 0) {
                    end(oldest.getKey(), "the token opened more than " + perToken + " sessions");
                    excess--;
                }
            }
            if (excess > 0) {
                return Admission.FULL;
            }
        }
        opening.set(opener);
        try {
            request.run();
        } finally {
            opening.remove();
        }
        return Admission.ADMITTED;
    }

    /**
     * Admits a request for the session {@code sessionId} when {@code opener}'s token opened it;
     * the caller must call {@link #done} once the request (or its stream) ends.
     */
    Admission use(String sessionId, Opener opener) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || !entry.opener.tokenDigest().equals(opener.tokenDigest())) {
            return Admission.UNKNOWN;
        }
        entry.inFlight.incrementAndGet();
        entry.lastUsed = clock.instant();
        return Admission.ADMITTED;
    }

    void done(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.inFlight.decrementAndGet();
            entry.lastUsed = clock.instant();
        }
    }

    /** Forgets a session the protocol ended (a client's DELETE). */
    void closed(String sessionId) {
        sessions.remove(sessionId);
    }

    /** Tells every session of {@code workspaceId} (every session, when null) that its tools changed. */
    void toolsChanged(@Nullable String workspaceId) {
        sessions.values().stream()
                .filter(e ->
                        workspaceId == null || e.opener.caller().workspaceId().equals(workspaceId))
                .forEach(e -> e.session
                        .sendNotification(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                        .subscribe(
                                done -> {},
                                failed -> log.debug("A session could not be told its tools changed", failed)));
    }

    /** Ends the sessions that had no request and no open stream for the idle time. */
    @Scheduled(fixedDelayString = "${polaris.mcp.sweep-interval:30s}")
    void endIdle() {
        Instant cutoff = clock.instant().minus(idle);
        sessions.forEach((id, entry) -> {
            if (entry.idleSince(cutoff)) {
                end(id, "it was idle");
            }
        });
    }

    private void end(String id, String why) {
        Entry entry = sessions.remove(id);
        if (entry != null) {
            log.debug("An MCP session ends: {}", why);
            entry.session.delete().subscribe(done -> {}, failed -> log.debug("Ending a session failed", failed));
        }
    }
}

package com.polaris.operator.mcp;

import com.polaris.operator.identity.Caller;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands before the MCP transport, after the API's bearer-token check: binds each request to the
 * token that sent it, so a session answers only the token that opened it (any other gets 404, as
 * for a session that does not exist), and hands the caller on to the tool handlers.
 */
@RequiredArgsConstructor
class SessionGuard extends OncePerRequestFilter {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** The request attribute holding the {@link Caller} for the transport context. */
    static final String CALLER = SessionGuard.class.getName() + ".caller";

    private final AgentSessions sessions;
    private final JsonMapper json;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
            // The API's security chain answers a request without a valid token before it gets here.
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        request.setAttribute(CALLER, caller);
        var opener = new AgentSessions.Opener(digest(request.getHeader("Authorization")), caller);
        String sessionId = request.getHeader(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            AgentSessions.Admission admission = sessions.open(opener, () -> chain.doFilter(request, response));
            if (admission == AgentSessions.Admission.FULL) {
                refuse(
                        response,
                        429,
                        "This token has as many MCP sessions open as it may, each busy; end one (DELETE) or retry later.");
            }
            return;
        }
        if (sessions.use(sessionId, opener) != AgentSessions.Admission.ADMITTED) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "Session not found");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Done(sessions, sessionId));
            } else {
                sessions.done(sessionId);
            }
        }
    }

    /** Answers as the MCP transport answers its own refusals: a JSON-RPC error without an id. */
    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (status == 429) {
            response.setHeader("Retry-After", "60");
        }
        var error = new LinkedHashMap<String, Object>();
        error.put("jsonrpc", "2.0");
        error.put("id", null);
        error.put("error", Map.of("code", -32600, "message", message));
        json.writeValue(response.getWriter(), error);
    }

    private static String digest(@Nullable String authorization) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNullElse(authorization, "").trim().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marks a session's stream as ended when its asynchronous response completes. */
    private record Done(AgentSessions sessions, String sessionId) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            sessions.done(sessionId);
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}

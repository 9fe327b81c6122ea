package com.polaris.operator.mcp;

import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Publications;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Policies;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the Model Context Protocol at {@code /mcp} with the MCP Java SDK's Streamable HTTP
 * transport, a plain servlet. The SDK speaks the protocol (versions, sessions, streams, pings);
 * the sessions and their tools are the workspace's: {@link AgentSessions} binds each session to its
 * token, {@link AgentTools} lists and calls the workspace's tools, and a change to a workspace's
 * tools or policies, on any node, tells that workspace's sessions to list their tools again.
 */
@Configuration
class McpEndpoint {

    static final String PATH = "/mcp";

    private static final TypeRef<McpSchema.CallToolRequest> CALL = new TypeRef<>() {};

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(
            JsonMapper json,
            AgentSessions sessions,
            AgentTools tools,
            Changes changes,
            @Value("${polaris.mcp.keep-alive}") Duration keepAlive,
            @Value("${polaris.mcp.session-idle}") Duration idle) {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper)
                .mcpEndpoint(PATH)
                .contextExtractor(request -> McpTransportContext.create(
                        Map.of(SessionGuard.CALLER, request.getAttribute(SessionGuard.CALLER))))
                .keepAliveInterval(keepAlive)
                .sessionSweepInterval(idle)
                .build();
        List<String> versions = transport.protocolVersions();
        String latest = versions.stream().max(Comparator.naturalOrder()).orElseThrow();
        var capabilities = McpSchema.ServerCapabilities.builder().tools(true).build();
        var server = new McpSchema.Implementation("polaris-operator", "Polaris Operator", version());
        Map<String, McpRequestHandler<?>> requests = Map.of(
                McpSchema.METHOD_PING, (exchange, params) -> Mono.just(Map.of()),
                McpSchema.METHOD_TOOLS_LIST,
                        (exchange, params) -> Mono.fromCallable(
                                () -> new McpSchema.ListToolsResult(tools.list(caller(exchange)), null)),
                McpSchema.METHOD_TOOLS_CALL,
                        (exchange, params) -> Mono.fromCallable(
                                () -> tools.call(caller(exchange), mapper.convertValue(params, CALL))));
        McpNotificationHandler ignored = (exchange, params) -> Mono.empty();
        Map<String, McpNotificationHandler> notifications = Map.of(
                McpSchema.METHOD_NOTIFICATION_INITIALIZED,
                ignored,
                "notifications/cancelled",
                ignored,
                McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED,
                ignored);
        sessions.makeSessionsWith(new DefaultMcpStreamableServerSessionFactory(
                Duration.ofSeconds(30),
                initialize -> Mono.just(new McpSchema.InitializeResult(
                        versions.contains(initialize.protocolVersion()) ? initialize.protocolVersion() : latest,
                        capabilities,
                        server,
                        INSTRUCTIONS)),
                requests,
                notifications,
                id -> {
                    sessions.closed(id);
                    return Mono.empty();
                }));
        transport.setSessionFactory(sessions);
        changes.listen(Catalog.CHANGES, sessions::toolsChanged, () -> sessions.toolsChanged(null));
        changes.listen(Policies.CHANGES, sessions::toolsChanged, () -> sessions.toolsChanged(null));
        changes.listen(Publications.CACHE, sessions::toolsChanged, () -> sessions.toolsChanged(null));
        return transport;
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider transport) {
        var registration = new ServletRegistrationBean<>(transport, PATH);
        registration.setAsyncSupported(true);
        registration.setName("mcp");
        return registration;
    }

    /** Runs after the API's security chain, which has checked the bearer token by then. */
    @Bean
    FilterRegistrationBean<SessionGuard> mcpSessionGuard(AgentSessions sessions, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new SessionGuard(sessions, json));
        registration.addUrlPatterns(PATH);
        registration.setAsyncSupported(true);
        registration.setOrder(0);
        return registration;
    }

    private static final String INSTRUCTIONS = "Polaris Operator carries out business actions (leads, bookings, "
            + "support tasks, discounts, messages) under the workspace's rules. A call proposes an action: "
            + "it may complete at once, run later, or wait for a person's approval. Relay the answer's message; "
            + "for an action that is not finished, call get_action_status with its actionId later.";

    private static Caller caller(McpAsyncServerExchange exchange) {
        if (exchange.transportContext().get(SessionGuard.CALLER) instanceof Caller caller) {
            return caller;
        }
        throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INTERNAL_ERROR, "The request carried no caller", null));
    }

    private static String version() {
        Package own = McpEndpoint.class.getPackage();
        String version = own == null ? null : own.getImplementationVersion();
        return version == null ? "dev" : version;
    }
}

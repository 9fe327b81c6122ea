package com.polaris.operator.workspace;

import com.polaris.operator.api.Problems;
import com.polaris.operator.api.StatelessChain;
import com.polaris.operator.identity.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security of the HTTP API: stateless, bearer tokens only. The token decides the workspace;
 * finer rights (roles, integration keys) are checked by each operation through {@link Caller}.
 */
@Configuration
class ApiSecurity {

    private static final String REFUSAL = ApiSecurity.class.getName() + ".refusal";

    /**
     * Requests are timed as a whole ({@code http.server.requests}); Spring Security's own
     * observations would wrap each of its filters, and time each authentication and authorization,
     * on every API call.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            TokenCallers tokenCallers,
            JsonMapper json,
            @Value("${polaris.metrics.token}") String metricsToken)
            throws Exception {
        // Each request carries its token; the Servlet API's view of the user has nothing to do here either.
        StatelessChain.of(http, "/api/**", "/actuator/**", "/v3/api-docs/**", "/mcp")
                .servletApi(a -> a.disable())
                .addFilterBefore(new BearerTokenFilter(tokenCallers), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(
                        a -> a.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs/**")
                                .permitAll()
                                .requestMatchers("/actuator/prometheus")
                                .access(metricsAccess(metricsToken))
                                .requestMatchers(HttpMethod.POST, "/api/v1/auth/tokens", "/api/v1/workspaces")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(
                                (request, response, ex) -> writeUnauthorized(request, response, json))
                        .accessDeniedHandler((request, response, ex) -> writeProblem(
                                response,
                                json,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Forbidden",
                                "You may not do this.")));
        return http.build();
    }

    /**
     * The metrics cover every workspace of the installation, so they are for its operator: with
     * {@code polaris.metrics.token} set, a scrape must present it as a bearer token (else 401);
     * without it they are open, for a scraper on a private network. A missing or wrong token is an
     * authentication failure, thrown, not a denial: this chain has no anonymous authentication,
     * and a denial without any would be answered 403.
     */
    static AuthorizationManager<RequestAuthorizationContext> metricsAccess(String metricsToken) {
        return (authentication, context) -> {
            if (metricsToken.isBlank()) {
                return new AuthorizationDecision(true);
            }
            String presented = BearerTokens.presented(context.getRequest().getHeader("Authorization"));
            if (!BearerTokens.constantTimeEquals(presented, metricsToken)) {
                throw new BadCredentialsException("The metrics token is required");
            }
            return new AuthorizationDecision(true);
        };
    }

    static void writeProblem(
            HttpServletResponse response, JsonMapper json, HttpStatus status, String slug, String title, String detail)
            throws IOException {
        writeProblem(response, json, Problems.of(status, slug, title, detail));
    }

    private static void writeProblem(HttpServletResponse response, JsonMapper json, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * 401 saying why the request's bearer token was refused ({@code reason}: missing, unknown,
     * revoked or expired); a request that reaches here without a verdict sent no usable token.
     */
    private static void writeUnauthorized(HttpServletRequest request, HttpServletResponse response, JsonMapper json)
            throws IOException {
        var refused = request.getAttribute(REFUSAL) instanceof TokenCheck.Refused r
                ? r
                : new TokenCheck.Refused(TokenCheck.Reason.MISSING, null);
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", refused.detail());
        problem.setProperty("reason", refused.reason().wire());
        writeProblem(response, json, problem);
    }

    /**
     * Authenticates {@code Authorization: Bearer <token>}; a refused token leaves the request
     * unauthenticated (→ 401) with why it was refused kept for the answer.
     */
    @RequiredArgsConstructor
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private final TokenCallers tokenCallers;

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String token = BearerTokens.presented(request.getHeader("Authorization"));
            if (!token.isEmpty()) {
                switch (tokenCallers.check(token)) {
                    case TokenCheck.Accepted accepted -> {
                        var context = SecurityContextHolder.createEmptyContext();
                        context.setAuthentication(new CallerAuthentication(accepted.caller()));
                        SecurityContextHolder.setContext(context);
                    }
                    case TokenCheck.Refused refused -> request.setAttribute(REFUSAL, refused);
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** An authenticated caller; its principal is the {@link Caller}. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final Caller caller;

        CallerAuthentication(Caller caller) {
            super(List.of());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }
    }
}

package com.polaris.operator.web;

import com.polaris.operator.workspace.ClientAddresses;
import com.polaris.operator.workspace.Member;
import com.polaris.operator.workspace.SignIns;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Security of the console: everything the API chain does not match. Members sign in with their
 * email and password into a session (throttled like the API's sign-in); a person whose password
 * matches members of several workspaces then chooses one; every form carries a CSRF token; the
 * session id changes at sign-in and again when the workspace is chosen. The session cookie's flags
 * (HttpOnly, Secure, SameSite) are set in application.yml.
 * Roles are not checked here: each page acts as the member through the same services (and the same
 * role and tenant checks) as the API.
 */
@Configuration
class ConsoleSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final String CHOOSE_WORKSPACE = "/login/workspace";
    /** The role of a session signed in to a workspace, and of one still choosing its workspace. */
    static final String MEMBER = "MEMBER";

    static final String CHOOSING = "CHOOSING_WORKSPACE";

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, SignIns signIns, ClientAddresses clientAddresses)
            throws Exception {
        var redirects = new DefaultRedirectStrategy();
        var signedIn = afterSignIn();
        var denied = new AccessDeniedHandlerImpl();
        http.authenticationProvider(new MemberSignIn(signIns))
                .authorizeHttpRequests(
                        a -> a.requestMatchers("/login", "/console.css", "/webjars/**", "/favicon.ico", "/error")
                                .permitAll()
                                .requestMatchers(CHOOSE_WORKSPACE)
                                .hasAnyRole(CHOOSING, MEMBER)
                                .anyRequest()
                                .hasRole(MEMBER))
                .formLogin(f -> f.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .authenticationDetailsSource(clientAddresses::of)
                        .successHandler((request, response, authentication) -> {
                            if (authentication.getPrincipal() instanceof ChoosingWorkspace) {
                                redirects.sendRedirect(request, response, CHOOSE_WORKSPACE);
                            } else {
                                signedIn.onAuthenticationSuccess(request, response, authentication);
                            }
                        })
                        .permitAll())
                // Someone who signed in but has not chosen a workspace yet is sent to choose one.
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, exception) -> {
                    var authentication = SecurityContextHolder.getContext().getAuthentication();
                    if (authentication != null
                            && authentication.getPrincipal() instanceof ChoosingWorkspace
                            && "GET".equals(request.getMethod())) {
                        redirects.sendRedirect(request, response, CHOOSE_WORKSPACE);
                    } else {
                        denied.handle(request, response, exception);
                    }
                }))
                .logout(l -> l.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?signedOut")
                        .deleteCookies("JSESSIONID"))
                .requestCache(c -> c.requestCache(returnAfterSignIn()))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Where a member goes once signed in to a workspace: the page they asked for, else the inbox. */
    static AuthenticationSuccessHandler afterSignIn() {
        return backToTheAskedPage(returnAfterSignIn());
    }

    /** Brings a member back to the page they asked for after signing in, without a marker in its address. */
    private static HttpSessionRequestCache returnAfterSignIn() {
        var cache = new HttpSessionRequestCache();
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    /**
     * After sign-in, back to the page the member asked for, by its path: the address Spring
     * Security keeps for it was built from that request's Host header, which a client may forge.
     * Without one, the inbox.
     */
    private static AuthenticationSuccessHandler backToTheAskedPage(RequestCache cache) {
        return (request, response, authentication) -> {
            String target = "/approvals";
            if (cache.getRequest(request, response) instanceof DefaultSavedRequest asked
                    && asked.getRequestURI().startsWith("/")
                    && !asked.getRequestURI().startsWith("//")) {
                target = asked.getRequestURI() + (asked.getQueryString() == null ? "" : "?" + asked.getQueryString());
            }
            cache.removeRequest(request, response);
            var session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            }
            response.sendRedirect(target);
        };
    }

    /**
     * Checks a member's email and password through {@link SignIns#memberships}, throttled per
     * client address ({@link ClientAddresses}, computed as the request's authentication details).
     * The principal kept in the session is only who signed in ({@link SignedIn}), so a role changed
     * later applies on the next request; when the password matches members of several workspaces,
     * it is the choice among those ({@link ChoosingWorkspace}), and nothing else is open until one
     * is chosen.
     */
    @RequiredArgsConstructor
    static final class MemberSignIn implements AuthenticationProvider {

        private final SignIns signIns;

        @Override
        public Authentication authenticate(Authentication authentication) {
            String email = String.valueOf(authentication.getName());
            Object credentials = authentication.getCredentials();
            String password = credentials == null ? "" : credentials.toString();
            if (email.isBlank() || password.isEmpty() || email.length() > 320 || password.length() > 200) {
                throw new BadCredentialsException("The email or password is not right.");
            }
            String client = authentication.getDetails() instanceof String address ? address : "unknown";
            List<SignIns.Membership> matched;
            try {
                matched = signIns.memberships(email, password, null, client);
            } catch (SignIns.TooManySignIns e) {
                throw new SignInsThrottled(e.retryAfter());
            }
            if (matched.isEmpty()) {
                throw new BadCredentialsException("The email or password is not right.");
            }
            if (matched.size() == 1) {
                return member(matched.getFirst().member());
            }
            var choices = matched.stream()
                    .map(m -> new WorkspaceChoice(
                            m.member().workspaceId(),
                            m.workspaceName(),
                            m.member().id()))
                    .toList();
            return UsernamePasswordAuthenticationToken.authenticated(
                    new ChoosingWorkspace(choices), null, List.of(new SimpleGrantedAuthority("ROLE_" + CHOOSING)));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** The authentication of a member signed in to their workspace. */
    static Authentication member(Member member) {
        var signedIn = new SignedIn(member.workspaceId(), member.id(), member.email());
        return UsernamePasswordAuthenticationToken.authenticated(
                signedIn, null, List.of(new SimpleGrantedAuthority("ROLE_" + MEMBER)));
    }

    /**
     * Too many failed sign-ins from this client: the sign-in page says when to try again. An
     * account status exception, so no other authentication provider is asked after it.
     */
    static final class SignInsThrottled extends AccountStatusException {

        private final long retryAfterSeconds;

        SignInsThrottled(Duration retryAfter) {
            super("Too many failed sign-ins");
            this.retryAfterSeconds = retryAfter.toSeconds();
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Who signed in to this session: the workspace and member ids, nothing that could go stale. */
    record SignedIn(String workspaceId, String memberId, String email) implements Serializable {}

    /** A password that matched members of several workspaces: the workspaces to choose from, and nothing more. */
    record ChoosingWorkspace(List<WorkspaceChoice> workspaces) implements Serializable {}

    /** One workspace a person may sign in to, and their member there. */
    record WorkspaceChoice(String workspaceId, String name, String memberId) implements Serializable {}
}

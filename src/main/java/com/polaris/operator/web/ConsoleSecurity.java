package com.polaris.operator.web;

import com.polaris.operator.workspace.Identities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Security of the console: everything the API chain does not match. Members sign in with their
 * email and password into a session; every form carries a CSRF token; the session id changes at
 * sign-in. The session cookie's flags (HttpOnly, Secure, SameSite) are set in application.yml.
 * Roles are not checked here: each page acts as the member through the same services (and the same
 * role and tenant checks) as the API.
 */
@Configuration
class ConsoleSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, Identities identities) throws Exception {
        var returnAfterSignIn = returnAfterSignIn();
        http.authenticationProvider(new MemberSignIn(identities))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/console.css", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(f -> f.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler(backToTheAskedPage(returnAfterSignIn))
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").deleteCookies("JSESSIONID"))
                .requestCache(c -> c.requestCache(returnAfterSignIn))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
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
                    && asked.getRequestURI().startsWith("/") && !asked.getRequestURI().startsWith("//")) {
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
     * Checks a member's email and password through {@link Identities#memberByCredentials}; the
     * principal kept in the session is only who signed in ({@link SignedIn}), so a role changed later
     * applies on the next request.
     */
    static final class MemberSignIn implements AuthenticationProvider {

        private final Identities identities;

        MemberSignIn(Identities identities) {
            this.identities = identities;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String email = String.valueOf(authentication.getName());
            Object credentials = authentication.getCredentials();
            String password = credentials == null ? "" : credentials.toString();
            if (email.isBlank() || password.isEmpty() || email.length() > 320 || password.length() > 200) {
                throw new BadCredentialsException("The email or password is not right.");
            }
            var member = identities.memberByCredentials(email, password)
                    .orElseThrow(() -> new BadCredentialsException("The email or password is not right."));
            var signedIn = new SignedIn(member.workspaceId(), member.id(), member.email());
            return UsernamePasswordAuthenticationToken.authenticated(signedIn, null,
                    java.util.List.of(new SimpleGrantedAuthority("ROLE_MEMBER")));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** Who signed in to this session: the workspace and member ids, nothing that could go stale. */
    record SignedIn(String workspaceId, String memberId, String email) implements java.io.Serializable {}
}

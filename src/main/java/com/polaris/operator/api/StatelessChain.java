package com.polaris.operator.api;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.NullSecurityContextRepository;

/**
 * The start of a security filter chain for requests that each prove themselves (a bearer token, a
 * webhook's signature, a widget key): nothing is kept between requests, not even in a request
 * attribute, and the filters for sessions, sign-in, sign-out and anonymous callers have nothing to
 * do. No CSRF token either, since no browser session is involved.
 */
public final class StatelessChain {

    private StatelessChain() {}

    /** {@code http} for the requests to {@code paths}, each judged on its own. */
    public static HttpSecurity of(HttpSecurity http, String... paths) throws Exception {
        return http.securityMatcher(paths)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.disable())
                .securityContext(c -> c.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable());
    }
}

package com.polaris.operator.widget;

import com.polaris.operator.api.StatelessChain;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Security of what the business's pages load and call: {@code /widget.js} and {@code /widget/**}.
 * No session, no bearer token and no CSRF token (a JSON post from another origin, made with neither
 * cookies nor credentials): each request is checked by its widget key or conversation token and its
 * {@code Origin} ({@link WidgetConversations}), and rate-limited. Browsers get CORS headers, the
 * preflight included, for an origin some widget allows, and only for the calls the script makes;
 * they tell a browser what it may read, and protect nothing.
 */
@Configuration
class WidgetSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain widgetChain(HttpSecurity http, WebWidgets widgets) throws Exception {
        StatelessChain.of(http, "/widget.js", "/widget/**")
                .servletApi(a -> a.disable())
                // The script is cached by browsers (WidgetScript); the calls answer no-store themselves.
                .headers(h -> h.cacheControl(c -> c.disable()))
                .cors(c -> c.configurationSource(cors(widgets)))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    static CorsConfigurationSource cors(WebWidgets widgets) {
        return request -> {
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            if (origin == null
                    || !request.getRequestURI().startsWith("/widget/v1/")
                    || !widgets.allowedAnywhere(origin)) {
                return null;
            }
            var config = new CorsConfiguration();
            config.setAllowedOrigins(List.of(origin));
            config.setAllowedMethods(List.of("POST"));
            config.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE));
            config.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER));
            config.setAllowCredentials(false);
            config.setMaxAge(600L);
            return config;
        };
    }
}

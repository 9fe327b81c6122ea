package com.polaris.operator.whatsapp;

import com.polaris.operator.api.StatelessChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The inbound WhatsApp webhook carries no bearer token and no session: the Cloud API proves itself
 * with the verify token (handshake) and the {@code X-Hub-Signature-256} of each post, which {@link
 * WhatsAppHookController} checks. No CSRF token either, since no browser session is involved.
 */
@Configuration
class WhatsAppHookSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain whatsAppHookChain(HttpSecurity http) throws Exception {
        StatelessChain.of(http, "/hooks/whatsapp/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }
}

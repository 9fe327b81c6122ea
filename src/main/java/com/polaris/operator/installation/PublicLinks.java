package com.polaris.operator.installation;

import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Absolute links in what Polaris serves come from {@link PublicUrl}, never from the request. */
@Configuration
class PublicLinks {

    /**
     * The OpenAPI document's server is the public address; springdoc would otherwise name the
     * address the request for the document claimed to be sent to (its Host header).
     */
    @Bean
    OpenApiCustomizer publicServer(PublicUrl publicUrl) {
        return openApi ->
                openApi.setServers(List.of(new Server().url(publicUrl.base()).description("This installation")));
    }
}

package com.polaris.operator.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at {@code /v3/api-docs}. */
@Configuration
@OpenAPIDefinition(
        info = @Info(title = "Polaris Operator API", version = "v1", description = """
                Chatbots and agents propose actions; Polaris applies each tool's execution rules (approval, \
                background, business hours), runs them exactly once and records every step. Errors are RFC 9457 \
                problem documents; lists are {"items", "nextCursor"} pages (?cursor=, ?limit= up to 200). \
                POST /api/v1/actions accepts an Idempotency-Key header (replay 200, other body 422, in flight 409)."""),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal access token (pol_pat_…) or an integration key (pol_key_…).")
class OpenApiDocs {}

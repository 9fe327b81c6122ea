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
                POST /api/v1/actions accepts an Idempotency-Key header (replay 200, other body 422, in flight 409). \
                Bodies are JSON in UTF-8, read strictly: malformed JSON or UTF-8, or a field named twice, is 400; \
                another charset is 415; a value of the wrong type (no "10" for 10, no 1.5 for a whole number), text \
                with a NUL or a lone surrogate anywhere (body, query, header), or a date outside the years 1900-9999 \
                is 422 with errors[].field naming it. Every error, those of the servlet container included, is a \
                problem document.

                Every operation lists the problem documents it answers (application/problem+json): each \
                response names the problem types (the slug after https://polaris-operator.dev/problems/) and \
                shows an example of each. A bearer token (a member's personal access token or an integration \
                key) is needed everywhere but where an operation says otherwise; missing, unknown, revoked or \
                expired → 401; a caller without the right → 403; another workspace's resource → 404."""),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        name = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "A personal access token (pol_pat_…) or an integration key (pol_key_…).")
@SecurityScheme(
        name = "platform",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The hosting platform's token (POLARIS_PLATFORM_TOKEN), for creating workspaces only.")
class OpenApiDocs {}

package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.H2ApiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is part of the product: every operation says what it does, who may call it,
 * which problems it answers and what its bodies look like. The document is written to
 * {@code target/openapi.json}, where the build's Redocly lint (tools/openapi-lint) reads it.
 * A failure names each operation that falls short and what it lacks.
 */
class OpenApiDocumentTest extends H2ApiTest {

    private static final Path WRITTEN = Path.of("target", "openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String PROBLEM = "#/components/schemas/Problem";

    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        var answer = anonymous().get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, answer.raw().body());
        document = answer.body();
    }

    @Test
    void everyOperationHasASummaryAndADescription() {
        var lacking = new ArrayList<String>();
        eachOperation((name, operation) -> {
            if (operation.path("summary").asString("").isBlank()) {
                lacking.add(name + " has no summary");
            }
            if (operation.path("description").asString("").isBlank()) {
                lacking.add(name + " has no description");
            }
        });
        assertThat(lacking)
                .as("operations without @Operation(summary = ..., description = ...) (see ARCHITECTURE.md,"
                        + " \"The OpenAPI document\")")
                .isEmpty();
    }

    @Test
    void everyOperationSaysWhichCredentialsItNeeds() {
        var schemes = new ArrayList<String>();
        document.path("components").path("securitySchemes").propertyNames().forEach(schemes::add);
        var lacking = new ArrayList<String>();
        eachOperation((name, operation) -> {
            JsonNode security = operation.get("security");
            if (security == null || !security.isArray()) {
                lacking.add(name + " has no security requirement of its own");
                return;
            }
            security.forEach(requirement -> requirement.propertyNames().forEach(scheme -> {
                if (!schemes.contains(scheme)) {
                    lacking.add(name + " names an unknown security scheme " + scheme);
                }
            }));
            boolean open = security.isEmpty();
            if (!open && !operation.path("responses").has("401")) {
                lacking.add(name + " needs a token but documents no 401");
            }
        });
        assertThat(lacking).isEmpty();
        assertThat(operation("post", "/api/v1/auth/tokens").path("security").isEmpty())
                .as("signing in needs no token")
                .isTrue();
        assertThat(operation("get", "/actuator/health").path("security").isEmpty())
                .as("health needs no token")
                .isTrue();
        assertThat(operation("get", "/api/v1/actions").path("security").get(0).has("bearer"))
                .isTrue();
    }

    @Test
    void everyErrorAnswerIsAProblemDocumentWithExamples() {
        var lacking = new ArrayList<String>();
        eachApiOperation((name, operation) -> operation
                .path("responses")
                .properties()
                .forEach(response -> {
                    String status = response.getKey();
                    if (!status.startsWith("4") && !status.startsWith("5")) {
                        return;
                    }
                    JsonNode content = response.getValue().path("content");
                    var types = new ArrayList<String>();
                    content.propertyNames().forEach(types::add);
                    if (!types.equals(List.of("application/problem+json"))) {
                        lacking.add(name + " answers " + status + " as " + types + ", not application/problem+json");
                        return;
                    }
                    JsonNode media = content.path("application/problem+json");
                    if (!PROBLEM.equals(media.path("schema").path("$ref").asString(""))) {
                        lacking.add(name + " answers " + status + " without the Problem schema");
                    }
                    if (media.path("examples").isEmpty()) {
                        lacking.add(name + " answers " + status + " without an example (name it in @ProblemAnswers)");
                    }
                    if (response.getValue().path("description").asString("").isBlank()) {
                        lacking.add(name + " answers " + status + " without a description");
                    }
                }));
        assertThat(lacking).isEmpty();
    }

    @Test
    void everyOperationAnswersAtLeastOneDocumentedProblem() {
        var lacking = new ArrayList<String>();
        eachApiOperation((name, operation) -> {
            var statuses = new ArrayList<String>();
            operation.path("responses").propertyNames().forEach(statuses::add);
            if (statuses.stream().noneMatch(s -> s.startsWith("4"))) {
                lacking.add(name + " documents no 4xx answer");
            }
        });
        assertThat(lacking).isEmpty();
    }

    @Test
    void everyJsonBodyHasAnExample() {
        var lacking = new ArrayList<String>();
        eachOperation((name, operation) -> {
            operation.path("requestBody").path("content").properties().forEach(media -> {
                if (!media.getValue().has("example")
                        && media.getValue().path("examples").isEmpty()) {
                    lacking.add(name + " has no request example (@ApiExamples(request = ...))");
                }
            });
            operation.path("responses").properties().forEach(response -> {
                if (!response.getKey().startsWith("2")) {
                    return;
                }
                response.getValue().path("content").properties().forEach(media -> {
                    if (!media.getValue().has("example")
                            && media.getValue().path("examples").isEmpty()) {
                        lacking.add(name + " answers " + response.getKey()
                                + " without an example (@ApiExamples(response = ...))");
                    }
                });
            });
        });
        assertThat(lacking).isEmpty();
    }

    @Test
    void theProblemTypesOfTheDocumentAreTheOnesTheApiAnswers() {
        var problem = new ArrayList<String>();
        document.path("components")
                .path("schemas")
                .path("Problem")
                .path("properties")
                .propertyNames()
                .forEach(problem::add);
        assertThat(problem).contains("type", "title", "status", "detail", "errors");
        JsonNode proposing = operation("post", "/api/v1/actions").path("responses");
        assertThat(proposing
                        .path("429")
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .has("usage-limit-reached"))
                .isTrue();
        assertThat(proposing
                        .path("422")
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .has("idempotency-key-reused"))
                .isTrue();
        assertThat(proposing.has("201")).isTrue();
        assertThat(operation("post", "/api/v1/auth/tokens").path("responses").has("429"))
                .isTrue();
    }

    private JsonNode operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isObject())
                .as(method.toUpperCase(Locale.ROOT) + " " + path)
                .isTrue();
        return operation;
    }

    /** The operations under /api/: actuator's answer in its own format, not problem documents. */
    private void eachApiOperation(BiConsumer<String, JsonNode> check) {
        eachOperation((name, operation) -> {
            if (name.contains(" /api/")) {
                check.accept(name, operation);
            }
        });
    }

    private void eachOperation(BiConsumer<String, JsonNode> check) {
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (METHODS.contains(operation.getKey())) {
                        check.accept(
                                operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                operation.getValue());
                    }
                }));
    }
}

package com.polaris.operator.api;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

/**
 * Completes every operation of the OpenAPI document the same way: its security requirement (the
 * bearer token, unless {@link NoBearerToken} or an explicit {@code @SecurityRequirement} says
 * otherwise), its problem responses ({@link ProblemAnswers} plus those every operation of its kind
 * answers, see {@link ProblemType}) with the problem schema and examples, and the examples of
 * {@link ApiExamples}. Summaries and descriptions are each operation's own ({@code @Operation}).
 */
@Configuration
class OperationDocs {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String PROBLEM_MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String BEARER = "bearer";

    /** A JSON value of any shape (arguments, results, input schemas) is documented as such, not as Jackson's node. */
    OperationDocs() {
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>());
    }

    /**
     * Schemas say what the JSON holds: an enum of {@link WireName} by the names it is written with
     * ({@code pending_approval}, not {@code PENDING_APPROVAL}), and a record component marked
     * {@code @Nullable} as one that may be null.
     */
    @Bean
    ModelConverter wireNamesAndNulls() {
        return new WireNamesAndNulls();
    }

    static final class WireNamesAndNulls implements ModelConverter {

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public @org.jspecify.annotations.Nullable Schema resolve(
                AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            JavaType javaType = Json.mapper().constructType(type.getType());
            Class<?> raw = javaType.getRawClass();
            if (raw.isEnum() && WireName.class.isAssignableFrom(raw)) {
                var schema = new StringSchema();
                for (Object constant : raw.getEnumConstants()) {
                    schema.addEnumItem(((WireName) constant).wire());
                }
                return schema;
            }
            if (!chain.hasNext()) {
                return null;
            }
            Schema resolved = chain.next().resolve(type, context, chain);
            if (resolved != null && raw.isRecord()) {
                Schema model = resolved;
                if (resolved.get$ref() != null) {
                    String name =
                            resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1);
                    model = context.getDefinedModels().get(name);
                }
                if (model != null && model.getProperties() != null) {
                    markNullable(raw, model.getProperties());
                }
            }
            return resolved;
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        private static void markNullable(Class<?> record, Map<String, Schema> properties) {
            for (var component : record.getRecordComponents()) {
                Schema property = properties.get(component.getName());
                if (property == null
                        || !component.getAnnotatedType().isAnnotationPresent(org.jspecify.annotations.Nullable.class)) {
                    continue;
                }
                if (property.get$ref() != null) {
                    properties.put(
                            component.getName(),
                            new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null")))));
                } else if (property.getTypes() != null) {
                    property.addType("null");
                } else if (property.getType() != null) {
                    property.setTypes(new LinkedHashSet<>(List.of(property.getType(), "null")));
                }
            }
        }
    }

    @Bean
    OperationCustomizer documentedOperations() {
        return (Operation operation, HandlerMethod method) -> {
            boolean open = method.hasMethodAnnotation(NoBearerToken.class);
            security(operation, open);
            problems(operation, method, open);
            examples(operation, method);
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemSchema() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSchemas(
                    "FieldProblem",
                    new ObjectSchema()
                            .description("One invalid field of a request.")
                            .addProperty(
                                    "field",
                                    new StringSchema()
                                            .description("A dotted path from the request body's root, such as"
                                                    + " arguments.email; empty for the whole body."))
                            .addProperty("message", new StringSchema().description("What is wrong with it."))
                            .required(List.of("field", "message")));
            Schema<Object> problem = new ObjectSchema()
                    .description("An RFC 9457 problem document: every error of the API is one.")
                    .addProperty(
                            "type",
                            new StringSchema()
                                    .format("uri")
                                    .description("Names the problem: " + Problems.TYPE_BASE + " and a slug, such as"
                                            + " not-found or usage-limit-reached."))
                    .addProperty("title", new StringSchema().description("A short summary of the problem type."))
                    .addProperty("status", new IntegerSchema().description("The HTTP status code."))
                    .addProperty("detail", new StringSchema().description("What went wrong, for a person."))
                    .addProperty("instance", new StringSchema().description("The path of the request."))
                    .addProperty(
                            "errors",
                            new ArraySchema()
                                    .items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
                                    .description("Field problems of a validation-failed answer (422)."))
                    .addProperty(
                            "reason",
                            new StringSchema()
                                    ._enum(List.of("missing", "unknown", "revoked", "expired"))
                                    .description("Why a 401 unauthorized refused the bearer token."))
                    .addProperty(
                            "workspaces",
                            new ArraySchema()
                                    .items(new ObjectSchema()
                                            .addProperty("id", new StringSchema())
                                            .addProperty("name", new StringSchema()))
                                    .description("The workspaces a 409 workspace-required lets the credentials"
                                            + " sign in to."))
                    .required(List.of("type", "title", "status"));
            problem.setAdditionalProperties(Boolean.TRUE);
            components.addSchemas(PROBLEM_SCHEMA, problem);
        };
    }

    /**
     * Actuator's health endpoint is not a controller of ours, so springdoc leaves it out; load balancers
     * and orchestrators call it without a token, and the document says so.
     */
    @Bean
    OpenApiCustomizer healthDocs() {
        return openApi -> {
            var up = new MediaType()
                    .schema(new ObjectSchema()
                            .addProperty(
                                    "status",
                                    new StringSchema()._enum(List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN"))));
            var down = new MediaType().schema(up.getSchema());
            up.setExample(Map.of("status", "UP"));
            down.setExample(Map.of("status", "DOWN"));
            var health = new Operation()
                    .operationId("health")
                    .addTagsItem("Operations")
                    .summary("Health")
                    .description("""
                            Whether this node can serve: UP when it and its database answer. Needs no token; \
                            never shows details. For load balancers, orchestrators and uptime checks.""")
                    .security(List.of())
                    .responses(new ApiResponses()
                            .addApiResponse(
                                    "200",
                                    new ApiResponse()
                                            .description("The node is up.")
                                            .content(new Content().addMediaType("application/json", up)))
                            .addApiResponse(
                                    "503",
                                    new ApiResponse()
                                            .description("The node is down (its database does not answer, say).")
                                            .content(new Content().addMediaType("application/json", down))));
            openApi.path("/actuator/health", new io.swagger.v3.oas.models.PathItem().get(health));
            openApi.addTagsItem(new io.swagger.v3.oas.models.tags.Tag()
                    .name("Operations")
                    .description("What load balancers and operators of an installation call."));
        };
    }

    private static void security(Operation operation, boolean open) {
        if (open) {
            operation.setSecurity(List.of());
        } else if (operation.getSecurity() == null) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
    }

    private static void problems(Operation operation, HandlerMethod method, boolean open) {
        Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
        if (!open && bearer(operation)) {
            types.add(ProblemType.UNAUTHORIZED);
        }
        if (operation.getRequestBody() != null) {
            types.addAll(List.of(
                    ProblemType.MALFORMED_JSON,
                    ProblemType.UNREADABLE_BODY,
                    ProblemType.BODY_TOO_LARGE,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    ProblemType.VALIDATION_FAILED));
        }
        if (Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.getParameterType() == PageRequest.class)) {
            types.addAll(List.of(ProblemType.BAD_PARAMETER, ProblemType.BAD_CURSOR));
        }
        ProblemAnswers declared = method.getMethodAnnotation(ProblemAnswers.class);
        if (declared != null) {
            types.addAll(Arrays.asList(declared.value()));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        Map<Integer, List<ProblemType>> byStatus =
                types.stream().collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, ofStatus) -> {
            ApiResponse response = responses.get(String.valueOf(status));
            if (response == null) {
                response = new ApiResponse();
                responses.addApiResponse(String.valueOf(status), response);
            }
            String listed = describe(ofStatus);
            response.setDescription(
                    response.getDescription() == null
                                    || response.getDescription().isBlank()
                            ? listed
                            : response.getDescription() + "\n\n" + listed);
            response.setContent(problemContent(ofStatus));
            if (ofStatus.contains(ProblemType.TOO_MANY_SIGN_INS)
                    || ofStatus.contains(ProblemType.TOO_MANY_WIDGET_REQUESTS)) {
                response.addHeaderObject(
                        "Retry-After",
                        new io.swagger.v3.oas.models.headers.Header()
                                .description("Seconds to wait before trying again.")
                                .schema(new IntegerSchema()));
            }
        });
        // A problem response declared only with @ApiResponse still gets the problem schema.
        responses.forEach((code, response) -> {
            if (code.startsWith("4") && response.getContent() == null) {
                response.setContent(problemContent(List.of()));
            }
        });
    }

    /** Whether the operation takes the bearer token (an operation naming another scheme declares its own 401). */
    private static boolean bearer(Operation operation) {
        return operation.getSecurity() != null
                && operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey(BEARER));
    }

    private static String describe(List<ProblemType> types) {
        if (types.size() == 1) {
            return types.getFirst().meaning() + " (type " + types.getFirst().slug() + ")";
        }
        return types.stream().map(t -> "- " + t.slug() + ": " + t.meaning()).collect(Collectors.joining("\n"));
    }

    private static Content problemContent(List<ProblemType> types) {
        var media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        if (!types.isEmpty()) {
            var examples = new LinkedHashMap<String, Example>();
            types.forEach(
                    t -> examples.put(t.slug(), new Example().summary(t.title()).value(t.example())));
            media.setExamples(examples);
        }
        return new Content().addMediaType(PROBLEM_MEDIA_TYPE, media);
    }

    private static void examples(Operation operation, HandlerMethod method) {
        ApiExamples examples = method.getMethodAnnotation(ApiExamples.class);
        if (examples == null) {
            return;
        }
        String where =
                method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
        if (!examples.request().isBlank()) {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                throw new IllegalStateException(where + " has a request example but takes no body");
            }
            Object example = json(where, examples.request());
            operation.getRequestBody().getContent().values().forEach(m -> m.setExample(example));
        }
        if (!examples.response().isBlank()) {
            Object example = json(where, examples.response());
            List<Content> successes = successes(operation);
            if (successes.isEmpty()) {
                throw new IllegalStateException(where + " has a response example but its answer has no body");
            }
            successes.forEach(content -> content.values().forEach(m -> m.setExample(example)));
        }
    }

    /** The bodies of the successful answers (201 and the 200 of a replay share one example). */
    private static List<Content> successes(Operation operation) {
        if (operation.getResponses() == null) {
            return List.of();
        }
        return operation.getResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null)
                .map(e -> e.getValue().getContent())
                .toList();
    }

    private static Object json(String where, String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(where + " has an example that is not JSON: " + e.getMessage(), e);
        }
    }
}

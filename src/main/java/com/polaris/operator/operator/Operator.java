package com.polaris.operator.operator;

import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.Proposals;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.MessageRole;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.webhook.OutgoingCalls;
import com.polaris.operator.workspace.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a conversation into at most one proposal. In order: the caller may (members but viewers,
 * integration keys), the conversation exists in the caller's workspace, a model is configured, the
 * usage limit leaves room (429 before the model is called), then one call of the model with the
 * published tools and the conversation's recent messages. A tool call is proposed only when it names a
 * published tool and its arguments are a JSON object valid for that tool's input schema; the proposal
 * then takes the normal path ({@link Proposals#propose}), on behalf of the caller, who counts as its
 * requester. Nothing the model says reaches a log line, and the API key reaches only the request's
 * Authorization header.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Operator {

    /** How many of the conversation's latest messages the model reads. */
    static final int MESSAGES = 30;

    private static final int MAX_REASON = 2000;
    private static final int MAX_EXCERPT = 1000;
    private static final int MAX_MISSING = 20;
    private static final Logger log = LoggerFactory.getLogger(Operator.class);

    private final OperatorModels models;
    private final Conversations conversations;
    private final Catalog catalog;
    private final Proposals proposals;
    private final Secrets secrets;
    private final OutgoingCalls calls;
    private final UsageMeter usage;
    private final JsonMapper json;

    /** What a preparation came to. */
    public sealed interface Preparation {

        String outcome();

        /** A valid tool call, proposed: the action as the proposal stored it. */
        record Proposed(ActionView action) implements Preparation {
            @Override
            public String outcome() {
                return "proposed";
            }
        }

        /** Nothing to do ({@code no_action}), or a tool needs what the customer has not said ({@code missing_information}). */
        record Answered(String outcome, List<String> missing, String message) implements Preparation {}

        /**
         * The model's answer cannot be used; nothing was proposed. {@code problem}: {@code timeout},
         * {@code http_error}, {@code unreachable}, {@code address_refused}, {@code response_too_large},
         * {@code malformed_response}, {@code refusal}, {@code several_tool_calls}, {@code unknown_tool},
         * {@code malformed_arguments} or {@code invalid_arguments} (with {@code errors}).
         */
        record ModelError(String problem, String detail, List<ApiProblem.FieldProblem> errors) implements Preparation {

            ModelError(String problem, String detail) {
                this(problem, detail, List.of());
            }

            @Override
            public String outcome() {
                return "model_error";
            }
        }
    }

    /** The workspace has no usable model; {@code getMessage()} says how to configure one. */
    public static final class NotConfigured extends RuntimeException {

        NotConfigured(String detail) {
            super(detail);
        }
    }

    /**
     * Asks the workspace's model to prepare at most one action from the conversation, and proposes it
     * through the one proposal path; members who may decide approvals and integration keys may.
     */
    public Preparation prepare(Caller caller, String conversationId) {
        if (caller.isMember()) {
            caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
        }
        String workspaceId = caller.workspaceId();
        Conversations.Conversation conversation = conversations
                .find(workspaceId, conversationId)
                .orElseThrow(() -> ApiProblem.notFound("The conversation"));
        OperatorModel model = models.find(workspaceId)
                .orElseThrow(() -> new NotConfigured("The operator has no model: an owner or admin sets one with PUT"
                        + " /api/v1/operator/model {\"baseUrl\", \"model\", \"apiKeySecret\", \"timeoutSeconds\"}."));
        usage.requireHeadroom(workspaceId);
        if (!secrets.exists(workspaceId, model.apiKeySecret())) {
            throw new NotConfigured("The secret '" + model.apiKeySecret()
                    + "' that holds the model's API key no longer exists: PUT /api/v1/secrets/" + model.apiKeySecret()
                    + " again, or name another one with PUT /api/v1/operator/model.");
        }
        List<Tool> tools = catalog.agentTools(workspaceId);
        List<Conversations.Message> messages = conversations.recent(workspaceId, conversationId, MESSAGES);
        ObjectNode request = ChatCompletions.request(json, model.model(), tools, messages);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Authorization", "Bearer " + secrets.reveal(workspaceId, model.apiKeySecret()));
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "Polaris-Operator/1");
        OutgoingCalls.Call answer = calls.post(
                model.completionsUrl(),
                headers,
                json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8),
                model.timeout());
        Preparation preparation = switch (answer) {
            case OutgoingCalls.Call.Failed failed ->
                new Preparation.ModelError(
                        switch (failed.code()) {
                            case "timeout" -> "timeout";
                            case "address_refused" -> "address_refused";
                            default -> "unreachable";
                        },
                        "The model could not be asked: " + failed.message());
            case OutgoingCalls.Call.Answered received ->
                received(new Asked(caller, conversation, messages, tools), received);
        };
        log.info("The operator prepared a conversation of workspace {}: {}", workspaceId, describe(preparation));
        return preparation;
    }

    private static String describe(Preparation preparation) {
        return switch (preparation) {
            case Preparation.ModelError error -> "model_error (" + error.problem() + ")";
            case Preparation.Proposed proposed ->
                "proposed " + proposed.action().tool() + " as "
                        + proposed.action().id();
            default -> preparation.outcome();
        };
    }

    /** What the model was asked about: the conversation, its recent messages and the tools it was offered. */
    private record Asked(
            Caller caller,
            Conversations.Conversation conversation,
            List<Conversations.Message> messages,
            List<Tool> tools) {}

    private Preparation received(Asked asked, OutgoingCalls.Call.Answered received) {
        if (received.status() < 200 || received.status() >= 300) {
            return new Preparation.ModelError(
                    "http_error", "The model answered HTTP " + received.status() + " instead of a completion.");
        }
        if (!received.complete()) {
            return new Preparation.ModelError(
                    "response_too_large", "The model's answer is larger than the response cap; it was not read.");
        }
        JsonNode answer = ChatCompletions.parse(json, received.body().getBytes(StandardCharsets.UTF_8));
        if (answer == null) {
            return new Preparation.ModelError("malformed_response", "The model's answer is not a JSON object.");
        }
        var tokens = ChatCompletions.Tokens.of(answer);
        usage.countModelTokens(asked.caller().workspaceId(), tokens.prompt(), tokens.completion());
        return switch (ChatCompletions.reply(json, answer)) {
            case ChatCompletions.Reply.Unusable unusable ->
                new Preparation.ModelError(unusable.problem(), unusable.detail());
            case ChatCompletions.Reply.Text text ->
                new Preparation.Answered(
                        "no_action",
                        List.of(),
                        text.content() == null || text.content().isBlank()
                                ? "The model found nothing to do."
                                : text.content().strip());
            case ChatCompletions.Reply.Call call -> called(asked, call);
        };
    }

    private Preparation called(Asked asked, ChatCompletions.Reply.Call call) {
        String name = call.name().length() > 100 ? call.name().substring(0, 100) + "…" : call.name();
        if (call.name().equals(ChatCompletions.ASK_FOR_MISSING)) {
            if (call.arguments() == null) {
                return new Preparation.ModelError(
                        "malformed_arguments", "The model's arguments for " + name + " are not a JSON object.");
            }
            var missing = new ArrayList<String>();
            call.arguments().path("missing").valueStream().forEach(item -> {
                if (item.isString() && !item.asString().isBlank() && missing.size() < MAX_MISSING) {
                    missing.add(shorten(item.asString().strip(), 100));
                }
            });
            JsonNode message = call.arguments().path("message");
            return new Preparation.Answered(
                    "missing_information",
                    missing,
                    message.isString() && !message.asString().isBlank()
                            ? shorten(message.asString().strip(), MAX_REASON)
                            : "More information is needed from the customer.");
        }
        Tool tool = asked.tools().stream()
                .filter(t -> t.name().equals(call.name()))
                .findFirst()
                .orElse(null);
        if (tool == null) {
            return new Preparation.ModelError(
                    "unknown_tool", "The model chose '" + name + "', which is not a published tool of this workspace.");
        }
        if (call.arguments() == null) {
            return new Preparation.ModelError(
                    "malformed_arguments", "The model's arguments for '" + name + "' are not a JSON object.");
        }
        List<ApiProblem.FieldProblem> problems = catalog.validate(tool, call.arguments());
        if (!problems.isEmpty()) {
            List<String> missing = missing(problems);
            if (missing.size() == problems.size()) {
                return new Preparation.Answered(
                        "missing_information",
                        missing,
                        call.content() != null && !call.content().isBlank()
                                ? shorten(call.content().strip(), MAX_REASON)
                                : "To " + tool.title().toLowerCase(java.util.Locale.ROOT) + ", the customer still"
                                        + " needs to give: " + String.join(", ", missing) + ".");
            }
            return new Preparation.ModelError(
                    "invalid_arguments",
                    "The model's arguments for '" + name + "' do not match its input; nothing was proposed.",
                    problems);
        }
        var body = json.createObjectNode();
        body.put("tool", tool.name());
        body.set("arguments", call.arguments());
        var context = body.putObject("conversation");
        context.put("id", asked.conversation().id());
        context.put("channel", asked.conversation().channel());
        String excerpt = excerpt(asked.messages());
        if (excerpt != null) {
            context.put("excerpt", excerpt);
        }
        body.put(
                "reason",
                call.content() == null || call.content().isBlank()
                        ? "Prepared by the operator from the conversation."
                        : shorten(call.content().strip(), MAX_REASON));
        Proposals.Proposed proposed = proposals.propose(asked.caller(), body, null, Proposals.Via.OPERATOR);
        return new Preparation.Proposed(proposed.action());
    }

    /**
     * The missing fields named by {@code problems}, when each one says a required field is absent
     * ({@code arguments.email}: "is required"; an alternative: "either email or phone is required").
     */
    private static List<String> missing(List<ApiProblem.FieldProblem> problems) {
        var missing = new ArrayList<String>();
        for (var problem : problems) {
            String message = problem.message();
            if (message.equals("is required")) {
                String field = problem.field();
                missing.add(field.startsWith("arguments.") ? field.substring("arguments.".length()) : field);
            } else if (message.startsWith("either ") && message.endsWith(" is required")) {
                missing.add(message.substring("either ".length(), message.length() - " is required".length()));
            }
        }
        return missing;
    }

    /** The customer's latest message, as the proposal's excerpt. */
    private static @Nullable String excerpt(List<Conversations.Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (MessageRole.CUSTOMER.wire().equals(messages.get(i).role())) {
                return shorten(messages.get(i).text(), MAX_EXCERPT);
            }
        }
        return null;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The answer's body for {@code preparation}, in the API's words. */
    static Map<String, Object> body(Preparation preparation) {
        var body = new LinkedHashMap<String, Object>();
        body.put("outcome", preparation.outcome());
        switch (preparation) {
            case Preparation.Proposed proposed -> body.put("action", proposed.action());
            case Preparation.Answered answered -> {
                body.put("missing", answered.missing());
                body.put("message", answered.message());
            }
            case Preparation.ModelError error -> {
                body.put("problem", error.problem());
                body.put("detail", error.detail());
            }
        }
        return body;
    }
}

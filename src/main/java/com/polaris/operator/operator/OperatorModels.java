package com.polaris.operator.operator;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.webhook.OutgoingCalls;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The workspaces' models. Saving one checks everything a call will need: a URL the outgoing HTTP
 * machinery may reach (https, or plain http only to an allowed private address), a secret that exists,
 * a timeout in range. The audit records the settings with the secret's name, never its value.
 */
@Component
@RequiredArgsConstructor
class OperatorModels {

    private static final Set<String> FIELDS =
            Set.of("baseUrl", "model", "apiKeySecret", "timeoutSeconds", "autoPrepare");
    private static final int MAX_URL = 500;
    private static final int MAX_MODEL = 200;

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final OutgoingCalls calls;
    private final AuditLog audit;
    private final Clock clock;

    Optional<OperatorModel> find(String workspaceId) {
        return jdbc.sql("""
                        select base_url, model, api_key_secret, timeout_seconds, auto_prepare
                        from operator_models where workspace_id = ?""")
                .param(workspaceId)
                .query((rs, n) -> new OperatorModel(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5)))
                .optional();
    }

    /**
     * The model as the API shows it: {@code configured} false, with null settings and the defaults,
     * while none is set (as the chat webhook's settings answer when unset).
     */
    record Settings(
            boolean configured,
            @Nullable String baseUrl,
            @Nullable String model,
            @Nullable String apiKeySecret,
            int timeoutSeconds,
            boolean autoPrepare) {

        static Settings of(OperatorModel model) {
            return new Settings(
                    true,
                    model.baseUrl(),
                    model.model(),
                    model.apiKeySecret(),
                    model.timeoutSeconds(),
                    model.autoPrepare());
        }

        static final Settings NONE =
                new Settings(false, null, null, null, OperatorModel.DEFAULT_TIMEOUT_SECONDS, false);
    }

    Settings get(Caller caller) {
        caller.requireConfigurer();
        return find(caller.workspaceId()).map(Settings::of).orElse(Settings.NONE);
    }

    /** Saves the workspace's model (owners, admins); 422 naming every invalid field. */
    @Transactional
    OperatorModel put(Caller caller, @Nullable JsonNode body) {
        caller.requireConfigurer();
        OperatorModel model = parse(caller.workspaceId(), body);
        var now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        int updated = jdbc.sql("""
                        update operator_models set base_url = ?, model = ?, api_key_secret = ?, timeout_seconds = ?,
                            auto_prepare = ?, updated_at = ?
                        where workspace_id = ?""")
                .params(
                        model.baseUrl(),
                        model.model(),
                        model.apiKeySecret(),
                        model.timeoutSeconds(),
                        model.autoPrepare(),
                        now,
                        caller.workspaceId())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into operator_models
                                (workspace_id, base_url, model, api_key_secret, timeout_seconds, auto_prepare, updated_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            caller.workspaceId(),
                            model.baseUrl(),
                            model.model(),
                            model.apiKeySecret(),
                            model.timeoutSeconds(),
                            model.autoPrepare(),
                            now)
                    .update();
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("baseUrl", model.baseUrl());
        data.put("model", model.model());
        data.put("apiKeySecret", model.apiKeySecret());
        data.put("timeoutSeconds", model.timeoutSeconds());
        data.put("autoPrepare", model.autoPrepare());
        audit.append(
                caller.workspaceId(),
                AuditEventType.OPERATOR_MODEL_UPDATED,
                caller.actor(),
                "operator-model",
                null,
                data);
        return model;
    }

    private OperatorModel parse(String workspaceId, @Nullable JsonNode body) {
        List<FieldProblem> errors = RequestBodies.unknownFields(body, FIELDS);
        String baseUrl = text(body, "baseUrl", MAX_URL, errors);
        if (baseUrl != null) {
            while (baseUrl.endsWith("/")) {
                baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
            }
            String problem = calls.urlProblem(baseUrl);
            if (problem != null) {
                errors.add(new FieldProblem("baseUrl", problem));
            }
        }
        String model = text(body, "model", MAX_MODEL, errors);
        String secret = text(body, "apiKeySecret", 64, errors);
        if (secret != null && !Secrets.NAME.matcher(secret).matches()) {
            errors.add(new FieldProblem("apiKeySecret", "must be a secret's name"));
        } else if (secret != null && !secrets.exists(workspaceId, secret)) {
            errors.add(new FieldProblem(
                    "apiKeySecret", "names no secret of this workspace: PUT /api/v1/secrets/" + secret + " first"));
        }
        int timeout = OperatorModel.DEFAULT_TIMEOUT_SECONDS;
        JsonNode timeoutNode = body.get("timeoutSeconds");
        if (timeoutNode != null && !timeoutNode.isNull()) {
            if (!timeoutNode.isIntegralNumber()
                    || timeoutNode.asLong() < 1
                    || timeoutNode.asLong() > OperatorModel.MAX_TIMEOUT_SECONDS) {
                errors.add(new FieldProblem(
                        "timeoutSeconds", "must be a whole number from 1 to " + OperatorModel.MAX_TIMEOUT_SECONDS));
            } else {
                timeout = timeoutNode.asInt();
            }
        }
        boolean autoPrepare = false;
        JsonNode autoNode = body.get("autoPrepare");
        if (autoNode != null && !autoNode.isNull()) {
            if (!autoNode.isBoolean()) {
                errors.add(new FieldProblem("autoPrepare", "must be true or false"));
            } else {
                autoPrepare = autoNode.booleanValue();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The operator's model is not valid.", errors);
        }
        return new OperatorModel(baseUrl, model, secret, timeout, autoPrepare);
    }

    private static @Nullable String text(JsonNode body, String field, int max, List<FieldProblem> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || !node.isString() || node.asString().isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        String value = node.asString().strip();
        if (value.length() > max) {
            errors.add(new FieldProblem(field, "must be at most " + max + " characters"));
            return null;
        }
        return value;
    }
}

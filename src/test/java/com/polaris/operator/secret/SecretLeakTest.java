package com.polaris.operator.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A webhook run (with a failed attempt first) and an email run that both use a secret: the
 * receivers get the value, and no answer, audit event, attempt record, stored row or log line
 * holds it, in plain or in any Base64 form.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest extends IntegrationApiTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void noAnswerEventRecordOrLogLineHoldsTheSecret(CapturedOutput output) throws Exception {
        String value = "leak-canary-" + UUID.randomUUID();
        var owner = tenant().owner();
        var answers = new ArrayList<Api.Response>();
        String path = "/leak/" + tenant().id();

        answers.add(owner.put("/api/v1/secrets/canary", Map.of("value", value)));
        answers.add(createWebhookAction(
                owner,
                "leak_hook",
                path,
                Map.of("Authorization", "Bearer {{secret:canary}}"),
                Map.of("orderId", "{{args.orderId}}", "token", "{{secret:canary}}")));
        String recipient = "leak-" + tenant().id() + "@example.com";
        answers.add(published(
                owner,
                owner.post(
                        "/api/v1/tools",
                        Map.of(
                                "name",
                                "leak_mail",
                                "title",
                                "Mail",
                                "base",
                                "send_email",
                                "inputSchema",
                                Map.of("type", "object"),
                                "config",
                                Map.of(
                                        "to",
                                        recipient,
                                        "subject",
                                        "Code",
                                        "body",
                                        "Your code is {{secret:canary}}")))));
        RECEIVER.then(path, HttpsReceiver.Reply.status(500));

        String hook = proposeAndApprove(agent(), owner, "leak_hook", Map.of("orderId", 1));
        String mail = proposeAndApprove(agent(), owner, "leak_mail", Map.of());
        awaitStatus(owner, hook, "completed");
        awaitStatus(owner, mail, "completed");
        assertThat(RECEIVER.deliveries(path))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.header("authorization")).isEqualTo("Bearer " + value));
        assertThat(java.util.Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> {
                    try {
                        return m.getContent().toString().contains(value);
                    } catch (Exception e) {
                        return false;
                    }
                }))
                .as("the email carries the rendered secret")
                .isTrue();

        for (String id : List.of(hook, mail)) {
            answers.add(owner.get("/api/v1/actions/" + id));
            answers.add(agent().get("/api/v1/actions/" + id));
            answers.add(owner.get("/api/v1/audit?actionId=" + id));
        }
        answers.add(owner.get("/api/v1/actions"));
        answers.add(owner.get("/api/v1/approvals?status=approved"));
        answers.add(owner.get("/api/v1/audit"));
        answers.add(owner.get("/api/v1/secrets"));
        answers.add(owner.get("/api/v1/tools"));
        answers.add(owner.get("/api/v1/tools/leak_hook"));
        answers.add(owner.post("/api/v1/tools/leak_hook/dry-run", Map.of("arguments", Map.of("orderId", 2))));
        answers.add(owner.post("/api/v1/tools/leak_mail/dry-run", Map.of("arguments", Map.of())));

        var texts = new ArrayList<String>();
        answers.forEach(a -> texts.add(a.raw().headers().map() + " " + a.raw().body()));
        for (String table : List.of(
                "actions",
                "audit_events",
                "jobs",
                "approvals",
                "approval_decisions",
                "custom_tools",
                "secrets",
                "signing_secrets")) {
            jdbc.sql("select * from " + table)
                    .query((rs, n) -> {
                        var row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        return row.toString();
                    })
                    .list()
                    .forEach(texts::add);
        }
        texts.add(output.getAll());

        assertThat(String.join("\n", answers.stream().map(a -> a.raw().body()).toList()))
                .as("the dry runs show the secret masked")
                .contains("Bearer ••••", "Your code is ••••");
        for (String form : forms(value)) {
            assertThat(texts).as("no copy holds " + form).noneMatch(t -> t.contains(form));
        }
        assertThat(owner.get("/api/v1/audit?actionId=" + hook).raw().body()).contains("action.attempt_failed");
    }

    /** The value and the Base64 encodings a library might put in a text (for example Basic auth). */
    private static List<String> forms(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String standard = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().encodeToString(bytes);
        return List.of(value, standard, standard.replace("=", ""), url, url.replace("=", ""));
    }
}

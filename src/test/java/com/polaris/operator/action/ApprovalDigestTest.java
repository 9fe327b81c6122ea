package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * An approval is bound to what was approved by a keyed digest: content changed in the database
 * after the approval, a custom action's definition changed after it, or a digest made by someone
 * without the key does not run; a reviewer's edit is approved with a new digest, recorded with its
 * diff. Against real PostgreSQL and a real local HTTPS receiver.
 */
class ApprovalDigestTest extends IntegrationApiTest {

    private static final Instant SATURDAY = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-30T09:00:01Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Changes changes;

    @Test
    void aCustomActionDefinitionChangedAfterItsApprovalIsRefused() {
        String path = "/digest-definition/" + tenant().id();
        String elsewhere = path + "/elsewhere";
        createOrderPaidAction(tenant().owner(), path);
        runsInBusinessHoursFromASaturday("order_paid");
        String actionId = proposeAndApprove(agent(), tenant().owner(), "order_paid", Map.of("orderId", 42));
        awaitStatus(agent(), actionId, "scheduled");

        jdbc.sql("update custom_tools set config = ? where workspace_id = ? and name = ?")
                .params(
                        "{\"url\":\"" + hookUrl(elsewhere)
                                + "\",\"headers\":{},\"body\":{\"orderId\":\"{{args.orderId}}\"}}",
                        tenant().id(),
                        "order_paid")
                .update();
        changes.announce(Catalog.CHANGES, tenant().id());
        clock.set(MONDAY_MORNING);

        var refused = awaitStatus(agent(), actionId, "needs_review");
        assertThat(refused.path("error").path("code").asString()).isEqualTo("approval_mismatch");
        assertThat(refused.path("error").path("message").asString())
                .contains("The custom action's definition differs from what was approved")
                .doesNotContain("arguments differ");
        sleepPastAPoll();
        assertThat(RECEIVER.deliveries(path)).isEmpty();
        assertThat(RECEIVER.deliveries(elsewhere)).isEmpty();
    }

    @Test
    void aDigestWrittenBySomeoneWithoutTheKeyDoesNotVerify() throws Exception {
        String actionId = scheduledLead();
        String approvalId = jdbc.sql("select approval_id from actions where id = ?")
                .param(actionId)
                .query(String.class)
                .single();
        String tampered = "{\"name\":\"Mallory\",\"email\":\"mallory@example.com\"}";

        MacConfig.register();
        Mac ownKey = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                .getPrimitive(RegistryConfiguration.get(), Mac.class);
        String forged = ContentDigests.VERSION
                + ";context="
                + tag(
                        ownKey,
                        part(
                                "context",
                                actionId,
                                approvalId,
                                "{\"tool\":\"create_lead\",\"conversationId\":\"conv_81\"}"))
                + ";arguments="
                + tag(ownKey, part("arguments", actionId, approvalId, tampered));
        jdbc.sql("update actions set arguments = ?, approved_digest = ? where id = ?")
                .params(tampered, forged, actionId)
                .update();
        clock.set(MONDAY_MORNING);

        var refused = awaitStatus(agent(), actionId, "needs_review");
        assertThat(refused.path("error").path("code").asString()).isEqualTo("approval_mismatch");
        assertThat(refused.path("error").path("message").asString()).contains("does not verify");
        assertThat(leads()).isZero();
    }

    @Test
    void anUnkeyedDigestOfEarlierVersionsProvesNothingAndAsksForAPersonAgain() throws Exception {
        String actionId = scheduledLead();
        String tampered = "{\"name\":\"Mallory\",\"email\":\"mallory@example.com\"}";
        String unkeyed = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(("{\"arguments\":" + tampered
                                        + ",\"conversationId\":\"conv_81\",\"tool\":\"create_lead\"}")
                                .getBytes(StandardCharsets.UTF_8)));
        jdbc.sql("update actions set arguments = ?, approved_digest = ? where id = ?")
                .params(tampered, unkeyed, actionId)
                .update();
        clock.set(MONDAY_MORNING);

        var waiting = awaitStatus(agent(), actionId, "pending_approval");
        assertThat(waiting.path("decision").path("reasons").toString())
                .contains("approved before approvals were bound to a keyed digest");
        assertThat(waiting.path("attempts").asInt()).isZero();
        assertThat(leads()).isZero();
    }

    @Test
    void aReviewersEditIsApprovedWithANewDigestRecordedWithItsDiffAndRuns() {
        LifecycleScenarios.setPolicy(tenant(), "create_lead", "required", "immediate", false);
        var proposed = agent().post(
                        "/api/v1/actions",
                        proposal("create_lead", Map.of("name", "Ana Ruiz", "email", "ana@example.com")));
        String actionId = proposed.text("id");
        String approvalId = proposed.body().path("approval").path("id").asString();

        var approved = tenant().owner()
                .post(
                        "/api/v1/approvals/" + approvalId + "/approve",
                        Map.of("arguments", Map.of("name", "Ana María Ruiz", "email", "ana@example.com")));

        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        var done = awaitStatus(agent(), actionId, "completed");
        assertThat(done.path("arguments").path("name").asString()).isEqualTo("Ana María Ruiz");
        assertThat(leadNames()).containsExactly("Ana María Ruiz");
        var decision = jdbc.sql("select arguments_diff, content_digest from approval_decisions where approval_id = ?")
                .param(approvalId)
                .query((rs, n) -> Map.of("diff", rs.getString(1), "digest", rs.getString(2)))
                .single();
        String approvedDigest = jdbc.sql("select approved_digest from actions where id = ?")
                .param(actionId)
                .query(String.class)
                .single();
        assertThat(decision.get("diff")).contains("name").contains("Ana María Ruiz");
        assertThat(decision.get("digest"))
                .startsWith(ContentDigests.VERSION + ";context=")
                .contains(";arguments=")
                .isEqualTo(approvedDigest);
    }

    @Test
    void aPolicyChangedAfterTheApprovalDoesNotUndoItButADisabledToolDoesNotRun() {
        runsInBusinessHoursFromASaturday("create_lead");
        String kept = approvedLead("Ana Ruiz", "ana@example.com");
        String alsoKept = approvedLead("Bo Lind", "bo@example.com");
        awaitStatus(agent(), kept, "scheduled");
        awaitStatus(agent(), alsoKept, "scheduled");
        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "background",
                        Map.of("businessHours", true, "approvalExpiresAfter", "PT24H"));
        clock.set(MONDAY_MORNING);

        assertThat(awaitStatus(agent(), kept, "completed").path("attempts").asInt())
                .isEqualTo(1);
        awaitStatus(agent(), alsoKept, "completed");

        clock.set(SATURDAY.plus(Duration.ofDays(7)));
        String later = approvedLead("Cy Moss", "cy@example.com");
        awaitStatus(agent(), later, "scheduled");
        var disabled = tenant().owner().post("/api/v1/tools/create_lead/disable", null);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        clock.set(MONDAY_MORNING.plus(Duration.ofDays(7)));

        var failed = awaitStatus(agent(), later, "failed");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("tool_disabled");
        assertThat(leadNames()).containsExactlyInAnyOrder("Ana Ruiz", "Bo Lind");
    }

    /**
     * {@code tool} needs approval and runs in the background within business hours, and the clock
     * stands on a Saturday: what is approved now waits for Monday.
     */
    private void runsInBusinessHoursFromASaturday(String tool) {
        LifecycleScenarios.setPolicy(tenant(), tool, "required", "background", true);
        clock.set(SATURDAY);
    }

    /**
     * Ana Ruiz's lead, proposed by the agent and approved by the owner on a Saturday, scheduled
     * for business hours; answers the action's id.
     */
    private String scheduledLead() {
        runsInBusinessHoursFromASaturday("create_lead");
        String actionId = approvedLead("Ana Ruiz", "ana@example.com");
        awaitStatus(agent(), actionId, "scheduled");
        return actionId;
    }

    /** A lead proposed by the agent and approved by the owner; answers the action's id. */
    private String approvedLead(String name, String email) {
        return proposeAndApprove(agent(), tenant().owner(), "create_lead", Map.of("name", name, "email", email));
    }

    /** How many leads the workspace has, once a background run that should not happen would have shown. */
    private long leads() {
        sleepPastAPoll();
        return jdbc.sql("select count(*) from leads where workspace_id = ?")
                .param(tenant().id())
                .query(Long.class)
                .single();
    }

    /** The names of the workspace's leads. */
    private List<String> leadNames() {
        return jdbc.sql("select name from leads where workspace_id = ?")
                .param(tenant().id())
                .query(String.class)
                .list();
    }

    /** A part as the product's digest writes it: the format is public, the key is not. */
    private static byte[] part(String name, String actionId, String approvalId, String value) {
        var json = JsonMapper.shared();
        var content = json.createObjectNode();
        content.put("part", name);
        content.put("action", actionId);
        content.put("approval", approvalId);
        content.set("value", json.readTree(value));
        return ContentDigests.canonical(json.writeValueAsString(content));
    }

    private static String tag(Mac key, byte[] content) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.computeMac(content));
    }
}

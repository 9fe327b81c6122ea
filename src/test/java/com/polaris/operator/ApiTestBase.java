package com.polaris.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.tool.InternalTools;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Drives the running service over real HTTP. Each test makes its own workspace through the
 * platform endpoint, so the tests of one application context share it and its database without
 * seeing each other. The contexts stay cached side by side, so an idle one keeps a single
 * database connection: the PostgreSQL server's connections are shared by every context and node.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "polaris.platform-token=" + ApiTestBase.PLATFORM_TOKEN,
            "polaris.jobs.poll-interval=50ms",
            "polaris.data-dir=target/test-data",
            "spring.datasource.hikari.minimum-idle=1",
            "spring.datasource.hikari.idle-timeout=10000"
        })
@Import({TestClockConfiguration.class, InternalTools.class})
public abstract class ApiTestBase {

    public static final String PLATFORM_TOKEN = "platform-test-token";
    /** The password of every member a test adds to a workspace. */
    public static final String MEMBER_PASSWORD = "a long enough password";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    private @Nullable Tenant tenant;
    private @Nullable Api agent;

    /**
     * The workspace of the running test, made on first use. JUnit makes a new instance of the test
     * class for each test, so no two tests share it.
     */
    protected synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = newWorkspace();
        }
        return tenant;
    }

    /** An integration key of {@link #tenant()}, made on first use: the chatbot of the running test. */
    protected synchronized Api agent() {
        if (agent == null) {
            agent = tenant().integrationKey();
        }
        return agent;
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The port the service listens on, for raw requests. */
    public int serverPort() {
        return port;
    }

    public Api anonymous() {
        return new Api("http://localhost:" + port, null);
    }

    /** A new workspace with its owner signed in. */
    public Tenant newWorkspace() {
        return newWorkspace("UTC");
    }

    protected Tenant newWorkspace(String timezone) {
        int n = SEQUENCE.incrementAndGet();
        String email = "owner" + n + "-" + System.nanoTime() + "@example.com";
        var created = createWorkspace("Workspace " + n, email, "correct horse battery", timezone);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Tenant(created.text("id"), anonymous().as(created.text("ownerToken")));
    }

    /**
     * Asks for a workspace with the platform token, as the hosting platform does; without a
     * {@code timezone} the service picks its default. Answers the response as it came.
     */
    protected Api.Response createWorkspace(
            String name, String ownerEmail, String ownerPassword, @Nullable String timezone) {
        var workspace = new LinkedHashMap<String, Object>(
                Map.of("name", name, "ownerEmail", ownerEmail, "ownerPassword", ownerPassword));
        if (timezone != null) {
            workspace.put("timezone", timezone);
        }
        return anonymous().as(PLATFORM_TOKEN).post("/api/v1/workspaces", workspace);
    }

    /** Proposes a create_lead for {@code name} at {@code email} as {@code as}, with nothing more; answers the response as it came. */
    protected static Api.Response proposeLead(Api as, String name, String email) {
        return as.post(
                "/api/v1/actions", Map.of("tool", "create_lead", "arguments", Map.of("name", name, "email", email)));
    }

    /**
     * Proposes a create_lead for {@code name} at {@code email} with {@code reason} as {@code as}; the
     * proposal must be accepted and wait for approval. Answers the action's id.
     */
    protected static String pendingLead(Api as, String name, String email, String reason) {
        var proposed = as.post(
                "/api/v1/actions",
                Map.of("tool", "create_lead", "arguments", Map.of("name", name, "email", email), "reason", reason));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        return proposed.text("id");
    }

    /**
     * Proposes as {@code as} to confirm a booking that does not exist, an update_booking_status that
     * fails when it runs; answers the response as it came.
     */
    protected static Api.Response proposeMissingBookingConfirmation(Api as) {
        return as.post(
                "/api/v1/actions",
                Map.of(
                        "tool",
                        "update_booking_status",
                        "arguments",
                        Map.of("bookingId", "bkg_missing", "status", "confirmed")));
    }

    /** Proposes an apply_discount of {@code percent} for {@code customer} as {@code as}, for a loyal customer; answers the response as it came. */
    protected static Api.Response proposeDiscount(Api as, String customer, Object percent) {
        return as.post(
                "/api/v1/actions",
                Map.of(
                        "tool",
                        "apply_discount",
                        "arguments",
                        Map.of("customer", customer, "percent", percent, "reason", "Loyal customer")));
    }

    /** The fields a refusal names, in order; the request must have been refused as invalid (422). */
    protected static List<String> refusedFields(Api.Response refused) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        return refused.errorFields();
    }

    /** Waits until {@code actionId} has {@code status}, as {@code api} reads it; answers the action then. */
    protected static JsonNode awaitStatus(Api api, String actionId, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        api.get("/api/v1/actions/" + actionId).text("status").equals(status));
        return api.get("/api/v1/actions/" + actionId).body();
    }

    /** Adds a message {@code role} wrote on {@code channel} to {@code conversation}, as {@code as}; it must be added (201). */
    protected static void addMessage(Api as, String conversation, String role, String text, String channel) {
        var added = as.post(
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("role", role, "text", text, "channel", channel));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    /**
     * Proposes an apply_discount of {@code percent} for {@code customer} as {@code as}, as {@link
     * #proposeDiscount} does; answers the id of the approval it waits for.
     */
    protected static String discountApproval(Api as, String customer, Object percent) {
        return acceptedApproval(proposeDiscount(as, customer, percent));
    }

    /** The id of the approval a proposal waits for; the proposal must have been accepted (201). */
    protected static String acceptedApproval(Api.Response proposed) {
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        return proposed.body().path("approval").path("id").asString();
    }

    /** {@code as} approves {@code approvalId} as it stands; the approval must succeed (200). */
    protected static void approveAs(Api as, String approvalId) {
        var approved = as.post("/api/v1/approvals/" + approvalId + "/approve", Map.of());
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    }

    /**
     * Grants, as {@code as}, a standing approval of {@code tool} for the proposals {@code when} matches,
     * valid for {@code validFor} from now and for {@code maxUses} uses; the grant must be stored (201).
     * Answers the grant.
     */
    protected Api.Response grantStandingApproval(Api as, String tool, String when, Duration validFor, int maxUses) {
        var granted = as.post(
                "/api/v1/standing-approvals",
                Map.of(
                        "tool",
                        tool,
                        "when",
                        when,
                        "expiresAt",
                        clock.instant().plus(validFor).toString(),
                        "maxUses",
                        maxUses));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        return granted;
    }

    /** How many of the items of batch {@code batchId} have {@code status}, as {@code as} reads the batch. */
    protected static long batchItems(Api as, String batchId, String status) {
        return as.get("/api/v1/action-batches/" + batchId)
                .body()
                .path("counts")
                .path(status)
                .asLong();
    }

    /** The id of the approval {@code action} waits for, as the owner of {@code tenant} reads it. */
    protected static String approvalOf(Tenant tenant, String action) {
        return approvalOf(tenant.owner(), action);
    }

    /** The id of the approval {@code action} waits for, as {@code as} reads it. */
    protected static String approvalOf(Api as, String action) {
        return as.get("/api/v1/actions/" + action)
                .body()
                .path("approval")
                .path("id")
                .asString();
    }

    /** A workspace as its owner sees it, with helpers to add members and integration keys. */
    public record Tenant(String id, Api owner) {

        /** A new member with {@code role}, signed in with a personal access token. */
        public Member member(String role) {
            String email = role + "-" + System.nanoTime() + "@example.com";
            var created = owner.post(
                    "/api/v1/members",
                    Map.of("email", email, "name", "A " + role, "role", role, "password", MEMBER_PASSWORD));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return new Member(created.text("id"), signedIn(email));
        }

        /** The member who signs in with {@code email} and {@link ApiTestBase#MEMBER_PASSWORD}, through a new personal access token. */
        public Api signedIn(String email) {
            var token = owner.as(null)
                    .post("/api/v1/auth/tokens", Map.of("email", email, "password", MEMBER_PASSWORD, "name", "test"));
            assertThat(token.status()).as(token.toString()).isEqualTo(201);
            return owner.as(token.text("token"));
        }

        /** A new member with {@code role} and {@code name}, not signed in; answers the email they sign in with. */
        public String addMember(String role, String name) {
            String email = role + "-" + System.nanoTime() + "@example.com";
            var created = owner.post(
                    "/api/v1/members", Map.of("email", email, "name", name, "role", role, "password", MEMBER_PASSWORD));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return email;
        }

        /** The id of the member who signs in with {@code email}. */
        public String memberId(String email) {
            return owner.get("/api/v1/members?limit=200")
                    .body()
                    .path("items")
                    .valueStream()
                    .filter(m -> m.path("email").asString().equals(email))
                    .findFirst()
                    .orElseThrow()
                    .path("id")
                    .asString();
        }

        /**
         * Saves {@code tool}'s policy as the owner: {@code approval} and {@code execution} with the
         * {@code other} fields. The save must succeed; answers its response.
         */
        public Api.Response savePolicy(String tool, String approval, String execution, Map<String, ?> other) {
            var document = new LinkedHashMap<String, Object>(Map.of("approval", approval, "execution", execution));
            document.putAll(other);
            var saved = owner.put("/api/v1/tools/" + tool + "/policy", document);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            return saved;
        }

        /**
         * Makes the model at {@code baseUrl} ("test-model" unless {@code other} names another) the
         * workspace's operator model, its key {@code apiKey} stored as the secret model_key; {@code
         * other} adds settings. Both saves must succeed.
         */
        public void useModel(String apiKey, String baseUrl, Map<String, ?> other) {
            saveSecret("model_key", apiKey);
            var model = new LinkedHashMap<String, Object>(
                    Map.of("baseUrl", baseUrl, "model", "test-model", "apiKeySecret", "model_key"));
            model.putAll(other);
            var saved = owner.put("/api/v1/operator/model", model);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        }

        /** Saves the secret {@code name} with {@code value} as the owner; the save must succeed (204). */
        public void saveSecret(String name, String value) {
            var saved = owner.put("/api/v1/secrets/" + name, Map.of("value", value));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(204);
        }

        /** Sets business hours that are never open (UTC, no weekly hours, no holidays): what waits for them waits. */
        public void closeBusinessHours() {
            var saved = owner.put(
                    "/api/v1/business-hours", Map.of("timezone", "UTC", "weekly", Map.of(), "holidays", List.of()));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        }

        /** The version of {@code tool}'s saved policy, as the owner reads it (0: never saved). */
        public int policyVersion(String tool) {
            return owner.get("/api/v1/tools/" + tool)
                    .body()
                    .path("policyVersion")
                    .asInt();
        }

        public Api integrationKey() {
            var key = owner.post("/api/v1/api-keys", Map.of("name", "Chatbot"));
            assertThat(key.status()).as(key.toString()).isEqualTo(201);
            return owner.as(key.text("key"));
        }
    }

    public record Member(String id, Api api) {}
}

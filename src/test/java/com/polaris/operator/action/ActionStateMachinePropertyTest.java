package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.booking.BookingRequests;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The action state machine under random sequences of what agents, people and nodes do to a few
 * actions at once: proposals under every kind of policy, approvals (edited or not, by members who
 * may and may not decide), rejections, retries (unchanged or edited, by the requester and by
 * others), cancellations, expiry, policy changes, changes of a custom action, webhook receivers
 * that answer 200, 400, 500 or too late, and nodes that stop while they hold a job. Whatever the
 * sequence:
 *
 * <ol>
 *   <li>no content runs that nobody approved while its policy asked for a person: every webhook
 *       delivery and every record an internal tool wrote is checked against what was approved for
 *       its action, or what its tool's policy let run without a person at that time;
 *   <li>no action runs twice: at most one record per action, and no more deliveries than runs
 *       started as the attempts API lists them;
 *   <li>once the sequence is drained every action is in one of the six final statuses, its timeline
 *       is a path the state machine allows, and every answer was one the state machine allows for
 *       the action as it stood (a refused step answers 403, 404, 409 or 422, never 500).
 * </ol>
 *
 * <p>Each seed drives one {@link Random}; the seed is in the test's name, and a failure lists the
 * steps taken. Background runs race the steps, so a seed replays the same steps but not always the
 * same interleaving. Runs against real PostgreSQL and a real local HTTPS receiver. A node that
 * stops while it holds a job is simulated in the jobs table: the job is left leased to a node that
 * no longer runs, and when its lease runs out it is made ready again as the rescue does, for this
 * application's worker to take over. The test clock starts years ahead and rescued jobs are dated
 * on it, so the workers of other test applications sharing the database never find these jobs due.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionStateMachinePropertyTest extends IntegrationApiTest {

    private static final int SEEDS = 25;
    private static final int SEEDS_PER_TEAM = 6;
    /** A Saturday: outside the default business hours (Monday to Friday, 09:00 to 18:00 UTC). */
    private static final Instant FIRST_START = Instant.parse("2030-01-05T12:00:00Z");

    private static final Duration APPROVAL_TTL = Duration.ofDays(7);
    private static final Set<String> FINAL =
            Set.of("completed", "failed", "needs_review", "rejected", "expired", "cancelled");
    /** Final statuses nothing leaves; failed and needs_review are left only by a retry. */
    private static final Set<String> ENDED = Set.of("completed", "rejected", "expired", "cancelled");

    private static final Set<String> RETRYABLE = Set.of("failed", "needs_review");
    private static final Set<String> CANCELLABLE = Set.of("pending_approval", "scheduled", "queued");
    private static final String BOOKING = "update_booking_status";
    private static final String TASK = "create_support_task";
    private static final List<String> BOOKING_STATUSES = List.of("confirmed", "cancelled", "completed", "no_show");
    private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    private static final Map<String, Object> CONVERSATION =
            Map.of("id", "conv_machine", "channel", "web_widget", "excerpt", "Can you sort this out?");
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final JsonMapper CANONICAL = JSON.rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * Who acts. The admin also proposes, so as requester it may not decide its actions nor retry
     * them edited; the viewer and the integration keys never decide or retry.
     */
    enum Who {
        OWNER,
        ADMIN,
        REVIEWER,
        VIEWER,
        AGENT,
        OTHER_AGENT
    }

    record Team(Tenant tenant, Map<Who, Api> apis) {

        Api api(Who who) {
            return apis.get(who);
        }
    }

    @Autowired
    JdbcClient jdbc;

    private @Nullable Team team;
    private int seedsOfTeam;
    /** How often each path was taken over all seeds: a generator that stopped reaching one shows here. */
    private final Map<String, AtomicInteger> coverage = new ConcurrentHashMap<>();

    private final AtomicInteger seedsPlayed = new AtomicInteger();

    /** Seeds 1 to 25; {@code -Dmachine.seed=N} runs seed N alone, {@code -Dmachine.seeds=N} seeds 1 to N. */
    static LongStream seeds() {
        String only = System.getProperty("machine.seed");
        return only == null || only.isBlank()
                ? LongStream.rangeClosed(1, Long.getLong("machine.seeds", SEEDS))
                : LongStream.of(Long.parseLong(only));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomSequencesRunOnlyApprovedContentAtMostOnceAndEndFinal(long seed) {
        new Sequence(seed, team()).play();
        seedsPlayed.incrementAndGet();
    }

    /**
     * A workspace with its members, made anew every few seeds: members are costly to make (their
     * passwords are hashed), and a workspace's audit log should not grow long enough to slow the run.
     */
    private Team team() {
        if (team == null || seedsOfTeam == SEEDS_PER_TEAM) {
            Tenant tenant = newWorkspace();
            var apis = new EnumMap<Who, Api>(Who.class);
            apis.put(Who.OWNER, tenant.owner());
            apis.put(Who.ADMIN, tenant.member("admin").api());
            apis.put(Who.REVIEWER, tenant.member("reviewer").api());
            apis.put(Who.VIEWER, tenant.member("viewer").api());
            apis.put(Who.AGENT, tenant.integrationKey());
            apis.put(Who.OTHER_AGENT, tenant.integrationKey());
            LifecycleScenarios.setPolicy(tenant, "booking_request", "none", "immediate", false);
            team = new Team(tenant, apis);
            seedsOfTeam = 0;
        }
        seedsOfTeam++;
        return team;
    }

    /**
     * Shows how often each path was taken, and fails when a whole run of seeds missed one that
     * every run reaches many times: a generator that stopped reaching it tests nothing there.
     * Rarer paths (a delivery interrupted, a custom action busy, an edited retry held) are listed only.
     */
    @AfterAll
    void everyCommonPathWasTaken() {
        System.out.println("Paths taken over " + seedsPlayed + " seeds: " + new TreeMap<>(coverage));
        if (seedsPlayed.get() < SEEDS) {
            return;
        }
        assertThat(coverage.keySet())
                .as("paths the random sequences reached")
                .containsAll(List.of(
                        "propose.person",
                        "propose.no-person",
                        "approve.ok",
                        "approve.edited",
                        "approve.forbidden",
                        "reject.ok",
                        "retry.unchanged.runs",
                        "cancel.ok",
                        "cancel.conflict",
                        "expired",
                        "policy.changed",
                        "definition.changed",
                        "crash.claim",
                        "crash.rescued",
                        "delivery",
                        "record",
                        "outcome.completed",
                        "outcome.failed",
                        "outcome.cancelled",
                        "wake.business-hours"));
    }

    private void covered(String path) {
        coverage.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }

    /** One tool's saved policy, as the sequence last set it. */
    record Rules(String approval, String execution, boolean businessHours, int maxAttempts) {

        boolean personless(boolean requestReview) {
            return approval.equals("none") || (approval.equals("optional") && !requestReview);
        }

        Map<String, Object> json() {
            return Map.of(
                    "approval",
                    approval,
                    "execution",
                    execution,
                    "businessHours",
                    businessHours,
                    "retry",
                    Map.of("maxAttempts", maxAttempts));
        }
    }

    /** What the sequence knows of one action. */
    static final class Tracked {

        final String id;
        final String tool;
        final boolean external;
        final Who requester;
        final boolean requestReview;
        JsonNode arguments;
        /** Content some person approved for this action at any time; content is what {@link Sequence#content} says. */
        final Set<String> approvedEver = new HashSet<>();

        @Nullable
        String lastApproved;

        String status = "new";

        @Nullable
        String approvalId;

        final List<String> approvalIds = new ArrayList<>();
        final Map<String, Instant> approvalExpiry = new HashMap<>();

        @Nullable
        Instant notBefore;

        JsonNode view = JSON.missingNode();
        int approves;
        int rejects;
        int retries;
        int cancels;
        /** Retries since the action was last seen failed or needs_review: only a retry leaves those. */
        boolean retriedSinceSeenEnded;

        Tracked(String id, String tool, boolean external, Who requester, boolean requestReview, JsonNode arguments) {
            this.id = id;
            this.tool = tool;
            this.external = external;
            this.requester = requester;
            this.requestReview = requestReview;
            this.arguments = arguments;
        }
    }

    /** Something a run left behind: a delivery the receiver got or a record an internal tool wrote. */
    record Effect(String key, String actionId, String content, String what) {}

    /** One seed's sequence: its actions, its model of them, and the steps it takes. */
    final class Sequence {

        private final long seed;
        private final Random random;
        private final String hook;
        private final String hookPath;
        private int definition = 1;
        private final Map<String, Rules> rules = new HashMap<>();
        private final List<Tracked> actions = new ArrayList<>();
        private final List<String> bookings = new ArrayList<>();
        private final Map<String, Effect> effects = new LinkedHashMap<>();
        private final Map<String, Integer> scripted = new HashMap<>();
        /** Jobs left leased to a node that stopped, until their lease runs out. */
        private final List<Long> held = new ArrayList<>();

        private final List<String> trace = new ArrayList<>();
        private int step;
        private final long started = System.nanoTime();

        private final Team team;

        Sequence(long seed, Team team) {
            this.seed = seed;
            this.team = team;
            this.random = new Random(seed);
            this.hook = "hook_s" + seed;
            this.hookPath = "/machine/" + team.tenant().id() + "/" + hook;
        }

        void play() {
            try {
                setUp();
                int steps = 10 + random.nextInt(16);
                for (step = 1; step <= steps; step++) {
                    takeOneStep();
                }
                step = steps + 1;
                drain();
                checkTheEnd();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "seed " + seed + ", step " + step + ": " + e.getMessage() + "\nsteps taken:\n  "
                                + String.join("\n  ", trace),
                        e);
            }
        }

        private void setUp() {
            clock.set(FIRST_START.plus(Duration.ofDays(70 * (seed - 1))));
            Api owner = team.api(Who.OWNER);
            var created = owner.post(
                    "/api/v1/tools",
                    Map.of(
                            "name",
                            hook,
                            "title",
                            "Notify the shop",
                            "description",
                            "Posts the order to the shop",
                            "base",
                            "generic_webhook",
                            "inputSchema",
                            ORDER_SCHEMA,
                            "config",
                            config(definition)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(owner.post("/api/v1/tools/" + hook + "/publish", null).status())
                    .isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                var booking = team.api(Who.AGENT)
                        .post(
                                "/api/v1/actions",
                                Map.of(
                                        "tool",
                                        "booking_request",
                                        "arguments",
                                        BookingRequests.haircut(
                                                "Guest " + i, "guest" + i + "@example.com", "2030-06-01T10:00:00Z")));
                assertThat(booking.text("status")).as(booking.toString()).isEqualTo("completed");
                bookings.add(booking.body().path("result").path("bookingId").asString());
            }
            for (String tool : List.of(BOOKING, TASK, hook)) {
                savePolicy(tool, randomRules());
            }
        }

        private Map<String, Object> config(int version) {
            var body = new LinkedHashMap<String, Object>();
            body.put("orderId", "{{args.orderId}}");
            body.put("note", "{{args.note}}");
            body.put("definition", version);
            body.put("action", "{{action.id}}");
            body.put("conversation", "{{conversation.id}}");
            return Map.of("url", hookUrl(pathOf(version)), "headers", Map.of(), "body", body);
        }

        private String pathOf(int version) {
            return hookPath + "/v" + version;
        }

        /** Picks the next step, favouring the ones the actions as last seen allow (the others are tried too). */
        private void takeOneStep() {
            long live = actions.stream().filter(a -> !ENDED.contains(a.status)).count();
            boolean mayPropose = actions.size() < 5 && live < 4;
            if (step <= 2 || actions.isEmpty()) {
                propose();
                return;
            }
            boolean pending = actions.stream().anyMatch(a -> a.status.equals("pending_approval"));
            boolean retryable = actions.stream().anyMatch(a -> RETRYABLE.contains(a.status));
            boolean scheduled = actions.stream().anyMatch(a -> a.status.equals("scheduled"));
            boolean hookPending = actions.stream().anyMatch(a -> a.external && a.status.equals("pending_approval"));
            boolean hookBusy = actions.stream()
                    .anyMatch(a -> a.external
                            && Set.of("scheduled", "queued", "running").contains(a.status));
            boolean waiting = actions.stream().anyMatch(a -> CANCELLABLE.contains(a.status));
            var steps = new LinkedHashMap<Runnable, Integer>();
            steps.put(this::propose, mayPropose ? 20 : 0);
            steps.put(() -> withEffectsChecked(this::approve), pending ? 50 : 5);
            steps.put(() -> withEffectsChecked(this::reject), pending ? 12 : 2);
            steps.put(() -> withEffectsChecked(this::retry), retryable ? 50 : 5);
            steps.put(() -> withEffectsChecked(this::cancel), waiting ? 12 : 3);
            steps.put(this::changePolicy, 14);
            steps.put(this::tightenWhileWaiting, scheduled ? 20 : 0);
            steps.put(() -> withEffectsChecked(this::changeDefinition), hookBusy ? 25 : 8);
            steps.put(() -> withEffectsChecked(this::expire), 6);
            steps.put(() -> withEffectsChecked(this::moveAcrossBusinessHours), scheduled ? 20 : 6);
            steps.put(() -> withEffectsChecked(this::crash), hookPending ? 22 : 10);
            int total = steps.values().stream().mapToInt(Integer::intValue).sum();
            int choice = random.nextInt(total);
            for (var entry : steps.entrySet()) {
                choice -= entry.getValue();
                if (choice < 0) {
                    entry.getKey().run();
                    return;
                }
            }
        }

        /**
         * Takes a step and then checks every new effect against what was allowed to run just before
         * and just after it: a run started by the step, or one in the background that ends during it.
         */
        private void withEffectsChecked(Runnable stepTaken) {
            Map<String, String> before = personless();
            stepTaken.run();
            checkNewEffects(before);
        }

        // ---- the steps ----

        /** Proposes an action of a random tool, whose policy is sometimes changed first. */
        private void propose() {
            String tool = List.of(BOOKING, TASK, hook).get(random.nextInt(3));
            if (random.nextInt(3) == 0) {
                changePolicyOf(tool);
            }
            withEffectsChecked(() -> propose(tool));
        }

        private void propose(String tool) {
            Who who = random.nextInt(3) == 0 ? Who.ADMIN : Who.AGENT;
            boolean requestReview = random.nextBoolean();
            boolean invalid = random.nextInt(10) == 0;
            Map<String, Object> arguments = invalid ? invalidArguments(tool) : arguments(tool);
            var body = new LinkedHashMap<String, Object>();
            body.put("tool", tool);
            body.put("arguments", arguments);
            body.put("conversation", CONVERSATION);
            body.put("reason", "The customer asked");
            body.put("requestReview", requestReview);
            var answer = team.api(who).post("/api/v1/actions", body);
            note("propose " + tool + " " + arguments + " by " + who + " requestReview " + requestReview, answer);
            if (invalid) {
                expect(answer, 422);
                return;
            }
            expect(answer, 201);
            var action = new Tracked(
                    answer.text("id"),
                    tool,
                    tool.equals(hook),
                    who,
                    requestReview,
                    answer.body().path("arguments"));
            actions.add(action);
            boolean person = action.external || !rules.get(tool).personless(requestReview);
            observe(action, answer.body());
            if (person) {
                assertThat(action.status)
                        .as("a proposal whose policy asks for a person waits for one")
                        .isEqualTo("pending_approval");
                covered("propose.person");
            } else {
                assertThat(action.status)
                        .as("a proposal whose policy asks for nobody does not wait for a person")
                        .isNotEqualTo("pending_approval");
                covered("propose.no-person");
            }
        }

        private void approve() {
            Tracked action = pick(a -> a.status.equals("pending_approval"));
            refresh(action);
            Who who = decider();
            String approvalId = approvalToDecide(action);
            boolean edit = random.nextInt(100) < 40;
            boolean invalid = edit && random.nextInt(4) == 0;
            Map<String, Object> arguments =
                    !edit ? null : invalid ? invalidArguments(action.tool) : arguments(action.tool);
            if (action.external) {
                script(replies());
            }
            approve(action, who, approvalId, arguments, invalid);
        }

        private void approve(
                Tracked action, Who who, String approvalId, @Nullable Map<String, Object> arguments, boolean invalid) {
            var body = new LinkedHashMap<String, Object>();
            body.put("comment", "Checked");
            if (arguments != null) {
                body.put("arguments", arguments);
            }
            var answer = team.api(who).post("/api/v1/approvals/" + approvalId + "/approve", body);
            note(
                    "approve " + approvalId + " of " + action.id + (arguments == null ? "" : " edited to " + arguments)
                            + " by " + who,
                    answer);
            int expected = mayDecide(action, who) ? decidable(action, approvalId) ? invalid ? 422 : 200 : 409 : 403;
            if (approvalId.startsWith("apr_unknown")) {
                expected = who == Who.AGENT || who == Who.OTHER_AGENT ? 403 : 404;
            }
            expect(answer, expected);
            covered(
                    switch (expected) {
                        case 200 -> arguments == null ? "approve.ok" : "approve.edited";
                        case 403 -> "approve.forbidden";
                        case 409 -> "approve.conflict";
                        case 422 -> "approve.invalid";
                        default -> "approve.not-found";
                    });
            if (expected != 200) {
                refresh(action);
                return;
            }
            action.approves++;
            if (arguments != null) {
                action.arguments = JSON.valueToTree(arguments);
            }
            String approved = content(action.tool, action.arguments, definition);
            action.approvedEver.add(approved);
            action.lastApproved = approved;
            assertThat(answer.text("status")).isEqualTo("approved");
            observe(action, answer.body().path("action"));
            assertThat(action.status)
                    .as("approved content runs, it does not wait for another approval")
                    .isNotEqualTo("pending_approval");
        }

        private void reject() {
            Tracked action = pick(a -> a.status.equals("pending_approval"));
            refresh(action);
            Who who = decider();
            String approvalId = approvalToDecide(action);
            boolean withReason = random.nextInt(6) != 0;
            var answer = team.api(who)
                    .post(
                            "/api/v1/approvals/" + approvalId + "/reject",
                            withReason ? Map.of("reason", "Not for this customer") : Map.of());
            note(
                    "reject " + approvalId + " of " + action.id + " by " + who
                            + (withReason ? "" : " without a reason"),
                    answer);
            int expected = mayDecide(action, who) ? decidable(action, approvalId) ? withReason ? 200 : 422 : 409 : 403;
            if (approvalId.startsWith("apr_unknown")) {
                expected = who == Who.AGENT || who == Who.OTHER_AGENT ? 403 : 404;
            }
            expect(answer, expected);
            if (expected != 200) {
                refresh(action);
                return;
            }
            covered("reject.ok");
            action.rejects++;
            observe(action, answer.body().path("action"));
            assertThat(action.status).isEqualTo("rejected");
        }

        private void retry() {
            Tracked action = pick(a -> RETRYABLE.contains(a.status));
            refresh(action);
            Who who = List.of(Who.OWNER, Who.ADMIN, Who.REVIEWER, Who.REVIEWER, Who.VIEWER, Who.AGENT, action.requester)
                    .get(random.nextInt(7));
            int shape = random.nextInt(100);
            Map<String, Object> arguments = shape < 30
                    ? null
                    : shape < 40
                            ? JSON.convertValue(action.arguments, Map.class)
                            : shape < 90 ? arguments(action.tool) : invalidArguments(action.tool);
            if (action.external) {
                script(replies());
            }
            retry(action, who, random.nextInt(25) == 0 ? "act_unknown" + seed : action.id, arguments, shape >= 90);
        }

        private void retry(
                Tracked action, Who who, String id, @Nullable Map<String, Object> arguments, boolean invalid) {
            boolean unknown = !id.equals(action.id);
            String before = action.status;
            var answer = team.api(who)
                    .post(
                            "/api/v1/actions/" + id + "/retry",
                            arguments == null ? null : Map.of("arguments", arguments));
            note("retry " + id + (arguments == null ? " unchanged" : " with " + arguments) + " by " + who, answer);
            boolean edited = arguments != null && !JSON.valueToTree(arguments).equals(action.arguments);
            if (who == Who.VIEWER || who == Who.AGENT || who == Who.OTHER_AGENT) {
                expect(answer, 403);
                return;
            }
            if (unknown) {
                expect(answer, 404);
                return;
            }
            boolean retryable = RETRYABLE.contains(before);
            int whenRetryable = edited && who == action.requester ? 403 : invalid ? 422 : 200;
            if (retryable) {
                expect(answer, whenRetryable);
            } else if (stable(action)) {
                expect(answer, 409);
            } else {
                expect(answer, 409, whenRetryable);
            }
            covered(
                    switch (answer.status()) {
                        case 403 -> "retry.requester-edit.forbidden";
                        case 409 -> "retry.conflict";
                        case 422 -> "retry.invalid";
                        default -> "retry.answered";
                    });
            if (answer.status() != 200) {
                refresh(action);
                return;
            }
            action.retries++;
            action.retriedSinceSeenEnded = true;
            if (edited) {
                action.arguments = JSON.valueToTree(arguments);
            }
            String current = content(action.tool, action.arguments, definition);
            boolean cleared = (!action.external && rules.get(action.tool).personless(action.requestReview))
                    || current.equals(action.lastApproved);
            String previousApproval = action.approvalId;
            observe(action, answer.body());
            if (cleared) {
                assertThat(action.status)
                        .as("a retry of content that was approved, or needs nobody, runs")
                        .isNotEqualTo("pending_approval");
                covered(edited ? "retry.edited.runs" : "retry.unchanged.runs");
            } else {
                assertThat(action.status)
                        .as("a retry of content nobody approved waits for a person")
                        .isEqualTo("pending_approval");
                assertThat(action.approvalId).as("with a new approval").isNotEqualTo(previousApproval);
                covered(edited ? "retry.edited.pending" : "retry.unchanged.pending");
            }
        }

        private void cancel() {
            Tracked action = pick(a -> CANCELLABLE.contains(a.status));
            refresh(action);
            Who who = List.of(Who.OWNER, Who.ADMIN, Who.REVIEWER, Who.REVIEWER, Who.VIEWER, Who.AGENT, Who.OTHER_AGENT)
                    .get(random.nextInt(7));
            cancel(action, who);
        }

        private void cancel(Tracked action, Who who) {
            String before = action.status;
            var answer = team.api(who).post("/api/v1/actions/" + action.id + "/cancel", null);
            note("cancel " + action.id + " (" + before + ") by " + who, answer);
            boolean allowed = switch (who) {
                case VIEWER, OTHER_AGENT -> false;
                case AGENT -> action.requester == Who.AGENT;
                default -> true;
            };
            if (!allowed) {
                expect(answer, 403);
                return;
            }
            boolean cancellable = CANCELLABLE.contains(before);
            if (stable(action)) {
                expect(answer, cancellable ? 200 : 409);
            } else {
                expect(answer, 200, 409);
            }
            if (answer.status() != 200) {
                covered("cancel.conflict");
                refresh(action);
                return;
            }
            covered("cancel.ok");
            action.cancels++;
            observe(action, answer.body());
            assertThat(action.status).isEqualTo("cancelled");
        }

        /**
         * Saves a new policy for a tool. Its runs under way finish first, so that every run that
         * ends after the change was decided by the new policy (an internal tool's run is one
         * transaction that reads the policy and writes the record together).
         */
        private void changePolicy() {
            List<Tracked> scheduled =
                    actions.stream().filter(a -> a.status.equals("scheduled")).toList();
            List<Tracked> live =
                    actions.stream().filter(a -> !FINAL.contains(a.status)).toList();
            List<Tracked> from = !scheduled.isEmpty() && random.nextInt(10) < 6 ? scheduled : live;
            changePolicyOf(
                    !from.isEmpty() && random.nextInt(10) < 7
                            ? from.get(random.nextInt(from.size())).tool
                            : List.of(BOOKING, TASK, hook).get(random.nextInt(3)));
        }

        /**
         * The policy of a tool whose action waits for business hours starts asking for a person; when
         * the hours open, the woken run goes to a person instead of running what nobody approved. (A
         * woken job whose attempts were used up by earlier wake-ups or claims ends failed, unrun.)
         */
        private void tightenWhileWaiting() {
            List<Tracked> waiting = actions.stream()
                    .filter(a -> !a.external && a.status.equals("scheduled"))
                    .filter(this::stable)
                    .filter(a -> !content(a.tool, a.arguments, 0).equals(a.lastApproved))
                    .toList();
            if (waiting.isEmpty()) {
                changePolicy();
                return;
            }
            Tracked action = waiting.get(random.nextInt(waiting.size()));
            Rules now = rules.get(action.tool);
            Rules tightened = new Rules(
                    action.requestReview && random.nextBoolean() ? "optional" : "required",
                    now.execution(),
                    random.nextBoolean(),
                    now.maxAttempts());
            changePolicyOf(action.tool, tightened);
            refresh(action);
            if (!action.status.equals("scheduled") || action.notBefore == null) {
                return;
            }
            String before = action.approvalId;
            Instant wake = action.notBefore.plusSeconds(1);
            withEffectsChecked(() -> moveClockTo(wake));
            waitUpTo(action.id + " wakes", 30).until(() -> {
                refresh(action);
                return !Set.of("scheduled", "queued", "running").contains(action.status);
            });
            if (action.status.equals("failed")
                    && action.view.path("error").path("code").asString().equals("attempts_exhausted")) {
                covered("wake.exhausted");
                return;
            }
            assertThat(action.status)
                    .as("woken content nobody approved goes to a person: %s", action.view)
                    .isEqualTo("pending_approval");
            assertThat(action.approvalId).as("with a new approval").isNotEqualTo(before);
            covered("wake.held-for-approval");
        }

        private void changePolicyOf(String tool) {
            changePolicyOf(tool, randomRules());
        }

        private void changePolicyOf(String tool, Rules policy) {
            rescueHeldJobs();
            awaitQuiet(tool);
            checkNewEffects(personless());
            Map<String, String> before = personless();
            savePolicy(tool, policy);
            covered("policy.changed");
            checkNewEffects(before);
        }

        private void savePolicy(String tool, Rules policy) {
            var saved = team.api(Who.OWNER).put("/api/v1/tools/" + tool + "/policy", policy.json());
            note("policy of " + tool + " := " + policy, saved);
            expect(saved, 200);
            rules.put(tool, policy);
        }

        /** Changes where and what the custom action sends: 409 while approved actions of it are unfinished. */
        private void changeDefinition() {
            actions.stream().filter(a -> a.external).forEach(this::refresh);
            List<Tracked> unfinished = actions.stream()
                    .filter(a -> a.external)
                    .filter(a -> Set.of("queued", "scheduled", "running").contains(a.status))
                    .toList();
            var answer = team.api(Who.OWNER)
                    .put(
                            "/api/v1/tools/" + hook,
                            Map.of(
                                    "title",
                                    "Notify the shop",
                                    "description",
                                    "Posts the order to the shop, version " + (definition + 1),
                                    "inputSchema",
                                    ORDER_SCHEMA,
                                    "config",
                                    config(definition + 1)));
            note(
                    "change " + hook + " to version " + (definition + 1) + " with unfinished "
                            + unfinished.stream()
                                    .map(a -> a.id + " " + a.status)
                                    .toList(),
                    answer);
            if (unfinished.isEmpty()) {
                expect(answer, 200);
            } else if (unfinished.stream().allMatch(this::stable)) {
                expect(answer, 409);
            } else {
                expect(answer, 200, 409);
            }
            if (answer.status() == 200) {
                definition++;
                covered("definition.changed");
            } else {
                assertThat(answer.text("type")).endsWith("tool-busy");
                covered("definition.busy");
            }
        }

        /** Moves the clock past every pending approval's expiry; the expiry job ends each as expired. */
        private void expire() {
            moveClockTo(clock.instant().plus(APPROVAL_TTL).plus(Duration.ofHours(1 + random.nextInt(30))));
        }

        /** Moves the clock into business hours when they are closed, out of them when open. */
        private void moveAcrossBusinessHours() {
            Instant now = clock.instant();
            moveClockTo(open(now) ? nextSaturdayNoon(now) : nextOpening(now));
        }

        private void moveClockTo(Instant to) {
            rescueHeldJobs();
            actions.forEach(this::refresh);
            clock.set(to);
            note("clock := " + to + (open(to) ? " (business hours)" : " (closed)"), null);
            for (Tracked action : actions) {
                Instant expiry = action.approvalId == null ? null : action.approvalExpiry.get(action.approvalId);
                if (action.status.equals("pending_approval") && expiry != null && !expiry.isAfter(to)) {
                    awaitStatus(action, "expired");
                    covered("expired");
                }
            }
            if (open(to)) {
                for (Tracked action : actions) {
                    if (action.status.equals("scheduled")) {
                        covered("wake.business-hours");
                    }
                }
            }
        }

        /**
         * A node stops while it holds a job. Either it was delivering a webhook (its lease is taken
         * over while the delivery is in flight: the take-over finds the action running and ends it
         * needs_review, and the stopped node's outcome is fenced off), or it had just claimed a job
         * that was waiting (the job comes back once its lease runs out and runs once).
         */
        private void crash() {
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                rescueHeldJobs();
            } else if (random.nextInt(10) >= 7 || !crashWhileDelivering()) {
                crashAfterClaiming();
            }
        }

        private boolean crashWhileDelivering() {
            actions.forEach(this::refresh);
            String path = pathOf(definition);
            boolean scriptEmpty =
                    scripted.getOrDefault(path, 0) <= RECEIVER.deliveries(path).size();
            boolean runsNow = !rules.get(hook).businessHours() || open(clock.instant());
            var candidates = actions.stream()
                    .filter(a -> a.external && scriptEmpty && runsNow)
                    .filter(a -> (a.status.equals("pending_approval") && a.approvalId != null)
                            || (RETRYABLE.contains(a.status)
                                    && content(a.tool, a.arguments, definition).equals(a.lastApproved)))
                    .toList();
            if (candidates.isEmpty()) {
                return false;
            }
            Tracked action = candidates.get(random.nextInt(candidates.size()));
            int delivered = deliveriesOf(action.id).size();
            script(HttpsReceiver.Reply.slow(800));
            if (action.status.equals("pending_approval")) {
                approve(action, Who.OWNER, action.approvalId, null, false);
            } else {
                retry(action, Who.OWNER, action.id, null, false);
            }
            waitUpTo("a delivery of " + action.id + " in flight", 20)
                    .until(() -> deliveriesOf(action.id).size() > delivered || !inFlight(action));
            if (deliveriesOf(action.id).size() == delivered) {
                note("crash while delivering " + action.id + ": no delivery was in flight", null);
                return true;
            }
            int taken = jdbc.sql("""
                            update jobs set state = 'ready', lease_owner = null, lease_token = null, lease_until = null,
                                run_at = ?
                            where kind = 'action.run' and subject_id = ? and state = 'running'""")
                    .params(Timestamp.from(clock.instant()), action.id)
                    .update();
            note(
                    "crash while delivering " + action.id + ": "
                            + (taken == 1 ? "its job was taken over" : "it had finished"),
                    null);
            if (taken == 1) {
                covered("crash.zombie");
                var interrupted = awaitStatus(action, "needs_review");
                assertThat(interrupted.path("error").path("code").asString())
                        .as("a delivery whose node stopped is uncertain")
                        .isEqualTo("interrupted");
            }
            return true;
        }

        private boolean inFlight(Tracked action) {
            String status =
                    team.api(Who.OWNER).get("/api/v1/actions/" + action.id).text("status");
            return status.equals("queued") || status.equals("running");
        }

        /** A node claims a waiting job (a wake-up, a retry after backoff, an expiry) and stops. */
        private void crashAfterClaiming() {
            List<Long> waiting = jdbc.sql("select id from jobs where state = 'ready' and subject_id in (:subjects)")
                    .param("subjects", subjects())
                    .query(Long.class)
                    .list();
            if (waiting.isEmpty()) {
                note("crash after claiming: no job was waiting", null);
                return;
            }
            long job = waiting.get(random.nextInt(waiting.size()));
            int claimed =
                    jdbc.sql("""
                            update jobs set state = 'running', lease_owner = 'stopped-node', lease_token = ?,
                                lease_until = clock_timestamp() + interval '1 hour', attempts = attempts + 1
                            where id = ? and state = 'ready'""").params(UUID.randomUUID().toString(), job).update();
            note(
                    "crash after claiming job " + job + ": " + (claimed == 1 ? "its node stopped" : "taken already"),
                    null);
            if (claimed == 1) {
                held.add(job);
                covered("crash.claim");
            }
        }

        /** The leases of jobs held by stopped nodes run out: each is made ready again, as the rescue does. */
        private void rescueHeldJobs() {
            for (long job : held) {
                int rescued = jdbc.sql("""
                                update jobs set state = 'ready', lease_owner = null, lease_token = null,
                                    lease_until = null, run_at = ?
                                where id = ? and lease_owner = 'stopped-node'""")
                        .params(Timestamp.from(clock.instant()), job)
                        .update();
                note("lease of job " + job + " ran out: " + (rescued == 1 ? "taken over" : "it was gone"), null);
                if (rescued == 1) {
                    covered("crash.rescued");
                }
            }
            held.clear();
        }

        private List<String> subjects() {
            var subjects = new ArrayList<String>();
            actions.forEach(a -> {
                subjects.add(a.id);
                subjects.addAll(a.approvalIds);
            });
            return subjects;
        }

        // ---- the end of a sequence ----

        /** Cancels whatever still waits and lets running work finish, until every action is final. */
        private void drain() {
            note("drain", null);
            rescueHeldJobs();
            waitUpTo("every action final", 60).until(() -> {
                boolean settled = true;
                for (Tracked action : actions) {
                    refresh(action);
                    if (CANCELLABLE.contains(action.status)) {
                        cancel(action, Who.OWNER);
                    }
                    settled &= FINAL.contains(action.status);
                }
                return settled && jobsLeft() == 0;
            });
            checkNewEffects(personless());
        }

        private long jobsLeft() {
            return jdbc.sql("select count(*) from jobs where subject_id in (:subjects)")
                    .param("subjects", subjects())
                    .query(Long.class)
                    .single();
        }

        private void checkTheEnd() {
            int effectsAtTheEnd = effects.size();
            pause(Duration.ofMillis(300));
            checkNewEffects(personless());
            assertThat(effects).as("nothing runs once every action is final").hasSize(effectsAtTheEnd);
            for (Tracked action : actions) {
                refresh(action);
                assertThat(action.status)
                        .as("%s ends in a final status", action.id)
                        .isIn(FINAL);
                covered("outcome." + action.status);
                checkTimeline(action);
                checkRuns(action);
            }
        }

        /** The timeline is a path through the state machine, and holds exactly the transitions the API answered. */
        private void checkTimeline(Tracked action) {
            List<String> types = action.view
                    .path("timeline")
                    .valueStream()
                    .map(e -> e.path("type").asString())
                    .toList();
            String state = "new";
            for (String type : types) {
                String next = TRANSITIONS.getOrDefault(state, Map.of()).get(type);
                assertThat(next)
                        .as("%s: %s after %s in %s", action.id, type, state, types)
                        .isNotNull();
                state = next;
            }
            assertThat(state)
                    .as("%s: the timeline ends where the action is: %s", action.id, types)
                    .isEqualTo(action.status);
            assertThat(types.stream().filter("approval.approved"::equals).count())
                    .as("approvals of %s", action.id)
                    .isEqualTo(action.approves);
            assertThat(types.stream().filter("approval.rejected"::equals).count())
                    .isEqualTo(action.rejects);
            assertThat(types.stream().filter("action.retried"::equals).count())
                    .as("retries of %s", action.id)
                    .isEqualTo(action.retries);
            assertThat(types.stream().filter("action.cancelled"::equals).count())
                    .isEqualTo(action.cancels);
            assertThat(types.stream().filter("action.started"::equals).count())
                    .as("runs of %s", action.id)
                    .isEqualTo(action.view.path("attempts").asInt());
        }

        /** Every run is one attempt; each left at most one record (internal) and one delivery (external). */
        private void checkRuns(Tracked action) {
            var attempts = team.api(Who.OWNER).get("/api/v1/actions/" + action.id + "/attempts");
            expect(attempts, 200);
            List<Integer> numbers = attempts.body()
                    .path("items")
                    .valueStream()
                    .map(a -> a.path("attempt").asInt())
                    .toList();
            int runs = action.view.path("attempts").asInt();
            assertThat(numbers).as("attempts of %s", action.id).hasSize(runs).doesNotHaveDuplicates();
            List<Effect> left = effects.values().stream()
                    .filter(e -> e.actionId().equals(action.id))
                    .toList();
            boolean completed = action.status.equals("completed");
            if (action.external) {
                assertThat(left.size())
                        .as("deliveries of %s: no more than the runs started", action.id)
                        .isLessThanOrEqualTo(runs);
                if (completed) {
                    assertThat(left)
                            .as("a completed delivery reached the receiver")
                            .isNotEmpty();
                    assertThat(action.view.path("result").path("deliveryId").asString())
                            .isEqualTo("msg_" + action.id);
                }
            } else {
                assertThat(left)
                        .as("records of %s: one exactly when it completed", action.id)
                        .hasSize(completed ? 1 : 0);
            }
        }

        // ---- effects ----

        /** What each action may run without a person at this moment: its content, when its policy asks for nobody. */
        private Map<String, String> personless() {
            var allowed = new HashMap<String, String>();
            for (Tracked action : actions) {
                if (!action.external && rules.get(action.tool).personless(action.requestReview)) {
                    allowed.put(action.id, content(action.tool, action.arguments, 0));
                }
            }
            return allowed;
        }

        private void checkNewEffects(Map<String, String> personlessBefore) {
            Map<String, String> personlessAfter = personless();
            for (Effect effect : currentEffects()) {
                if (effects.containsKey(effect.key())) {
                    continue;
                }
                effects.put(effect.key(), effect);
                covered(effect.key().contains("#delivery") ? "delivery" : "record");
                Tracked action = tracked(effect.actionId());
                var allowed = new HashSet<>(action.approvedEver);
                if (personlessBefore.containsKey(action.id)) {
                    allowed.add(personlessBefore.get(action.id));
                }
                if (personlessAfter.containsKey(action.id)) {
                    allowed.add(personlessAfter.get(action.id));
                }
                note("effect " + effect.what() + " for " + action.id + ": " + effect.content(), null);
                assertThat(allowed)
                        .as(
                                "%s ran %s (%s); approved %s, allowed without a person %s then %s",
                                action.id,
                                effect.content(),
                                effect.what(),
                                action.approvedEver,
                                personlessBefore.get(action.id),
                                personlessAfter.get(action.id))
                        .contains(effect.content());
                if (!action.external) {
                    assertThat(effects.values().stream()
                                    .filter(e -> e.actionId().equals(action.id)))
                            .as("records of %s", action.id)
                            .hasSize(1);
                }
            }
        }

        private List<Effect> currentEffects() {
            Set<String> ids = new HashSet<>();
            actions.forEach(a -> ids.add(a.id));
            var found = new ArrayList<Effect>();
            var perAction = new HashMap<String, Integer>();
            for (HttpsReceiver.Delivery delivery : RECEIVER.deliveries()) {
                String webhookId = delivery.header("webhook-id");
                if (webhookId == null || !webhookId.startsWith("msg_") || !ids.contains(webhookId.substring(4))) {
                    continue;
                }
                String actionId = webhookId.substring(4);
                int n = perAction.merge(actionId, 1, Integer::sum);
                JsonNode body = delivery.json();
                int version = body.path("definition").asInt();
                assertThat(delivery.path())
                        .as("a delivery goes where its definition says")
                        .isEqualTo(pathOf(version));
                assertThat(body.path("action").asString()).isEqualTo(actionId);
                var arguments = JSON.createObjectNode();
                arguments.set("orderId", body.path("orderId"));
                if (!body.path("note").isNull() && !body.path("note").isMissingNode()) {
                    arguments.set("note", body.path("note"));
                }
                found.add(new Effect(
                        actionId + "#delivery" + n,
                        actionId,
                        content(hook, arguments, version),
                        "delivery to " + delivery.path()));
            }
            String workspace = team.tenant().id();
            jdbc
                    .sql("select action_id, booking_id, to_status from booking_status_changes where workspace_id = ?")
                    .param(workspace)
                    .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                    .list()
                    .stream()
                    .filter(r -> ids.contains(r[0]))
                    .forEach(r -> {
                        int n = perAction.merge(r[0], 1, Integer::sum);
                        found.add(new Effect(
                                r[0] + "#booking" + n,
                                r[0],
                                content(BOOKING, JSON.valueToTree(Map.of("bookingId", r[1], "status", r[2])), 0),
                                "booking " + r[1] + " -> " + r[2]));
                    });
            jdbc
                    .sql("select id, action_id, title, priority from support_tasks where workspace_id = ?")
                    .param(workspace)
                    .query((rs, row) ->
                            new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                    .list()
                    .stream()
                    .filter(r -> ids.contains(r[1]))
                    .forEach(r -> found.add(new Effect(
                            r[1] + "#task" + r[0],
                            r[1],
                            content(TASK, JSON.valueToTree(Map.of("title", r[2], "priority", r[3])), 0),
                            "support task " + r[0])));
            return found;
        }

        private List<HttpsReceiver.Delivery> deliveriesOf(String actionId) {
            return RECEIVER.deliveries().stream()
                    .filter(d -> ("msg_" + actionId).equals(d.header("webhook-id")))
                    .toList();
        }

        /**
         * The content of a run as a comparable text: the tool, its arguments in key order (a support
         * task's priority defaults to normal) and, for the custom action, the definition it sends with.
         */
        private String content(String tool, JsonNode arguments, int version) {
            Map<String, Object> values = new TreeMap<>(JSON.convertValue(arguments, Map.class));
            if (tool.equals(TASK)) {
                values.putIfAbsent("priority", "normal");
            }
            return tool + (tool.equals(hook) ? " v" + version : "") + " " + CANONICAL.writeValueAsString(values);
        }

        // ---- observing actions ----

        private void refresh(Tracked action) {
            var answer = team.api(Who.OWNER).get("/api/v1/actions/" + action.id);
            expect(answer, 200);
            observe(action, answer.body());
        }

        /** Records how an answer shows the action, checking it moved only as the state machine lets it. */
        private void observe(Tracked action, JsonNode view) {
            String status = view.path("status").asString();
            if (ENDED.contains(action.status)) {
                assertThat(status)
                        .as("%s was %s, which nothing leaves", action.id, action.status)
                        .isEqualTo(action.status);
            }
            if (RETRYABLE.contains(action.status) && !action.retriedSinceSeenEnded) {
                assertThat(status)
                        .as("%s was %s, which only a retry leaves", action.id, action.status)
                        .isEqualTo(action.status);
            }
            if (RETRYABLE.contains(status)) {
                action.retriedSinceSeenEnded = false;
            }
            assertThat(view.path("arguments"))
                    .as("%s keeps the arguments it was given", action.id)
                    .isEqualTo(action.arguments);
            action.status = status;
            action.view = view;
            String notBefore = view.path("decision").path("notBefore").asString(null);
            action.notBefore = notBefore == null ? null : Instant.parse(notBefore);
            String approvalId = view.path("approval").path("id").asString(null);
            action.approvalId = approvalId;
            if (approvalId != null && !action.approvalIds.contains(approvalId)) {
                action.approvalIds.add(approvalId);
                var approval = team.api(Who.OWNER).get("/api/v1/approvals/" + approvalId);
                expect(approval, 200);
                action.approvalExpiry.put(approvalId, Instant.parse(approval.text("expiresAt")));
            }
        }

        /** Whether nothing but a step of this sequence can move the action now. */
        private boolean stable(Tracked action) {
            return switch (action.status) {
                case "queued", "running" -> false;
                case "scheduled" -> action.notBefore != null && action.notBefore.isAfter(clock.instant());
                case "pending_approval" ->
                    action.approvalId == null
                            || action.approvalExpiry
                                    .getOrDefault(action.approvalId, Instant.MAX)
                                    .isAfter(clock.instant());
                default -> true;
            };
        }

        private JsonNode awaitStatus(Tracked action, String status) {
            waitUpTo(action.id + " is " + status, 30).until(() -> {
                refresh(action);
                return action.status.equals(status);
            });
            return action.view;
        }

        /** Waits until no action of {@code tool} is queued, running or due to wake up. */
        private void awaitQuiet(String tool) {
            waitUpTo("no run of " + tool + " under way", 30).until(() -> {
                boolean quiet = true;
                for (Tracked action : actions) {
                    if (action.tool.equals(tool)) {
                        refresh(action);
                        quiet &= stable(action);
                    }
                }
                return quiet;
            });
        }

        // ---- choices ----

        private Tracked pick(Predicate<Tracked> preferred) {
            List<Tracked> candidates = actions.stream().filter(preferred).toList();
            List<Tracked> from = candidates.isEmpty() || random.nextInt(6) == 0 ? actions : candidates;
            return from.get(random.nextInt(from.size()));
        }

        private Who decider() {
            return List.of(Who.OWNER, Who.ADMIN, Who.ADMIN, Who.REVIEWER, Who.REVIEWER, Who.VIEWER, Who.AGENT)
                    .get(random.nextInt(7));
        }

        /** Mostly the action's current approval; sometimes an earlier one, or one that does not exist. */
        private String approvalToDecide(Tracked action) {
            int choice = random.nextInt(20);
            if (choice == 0 || action.approvalIds.isEmpty()) {
                return "apr_unknown" + seed;
            }
            if (choice < 4 && action.approvalIds.size() > 1) {
                return action.approvalIds.get(random.nextInt(action.approvalIds.size() - 1));
            }
            return action.approvalIds.getLast();
        }

        private boolean mayDecide(Tracked action, Who who) {
            return switch (who) {
                case OWNER, REVIEWER -> true;
                case ADMIN -> action.requester != Who.ADMIN;
                case VIEWER, AGENT, OTHER_AGENT -> false;
            };
        }

        private boolean decidable(Tracked action, String approvalId) {
            return action.status.equals("pending_approval") && approvalId.equals(action.approvalId);
        }

        private Rules randomRules() {
            return new Rules(
                    List.of("required", "optional", "none").get(random.nextInt(3)),
                    random.nextBoolean() ? "immediate" : "background",
                    random.nextInt(5) < 2,
                    1 + random.nextInt(2));
        }

        private Map<String, Object> arguments(String tool) {
            if (tool.equals(BOOKING)) {
                String booking = random.nextInt(5) < 2
                        ? "bkg_missing" + random.nextInt(3)
                        : bookings.get(random.nextInt(bookings.size()));
                return Map.of("bookingId", booking, "status", BOOKING_STATUSES.get(random.nextInt(4)));
            }
            if (tool.equals(TASK)) {
                String title = "Call back customer " + random.nextInt(50);
                return random.nextBoolean()
                        ? Map.of("title", title)
                        : Map.of("title", title, "priority", PRIORITIES.get(random.nextInt(4)));
            }
            int order = 1 + random.nextInt(999);
            return random.nextBoolean()
                    ? Map.of("orderId", order)
                    : Map.of("orderId", order, "note", "n" + random.nextInt(9));
        }

        private Map<String, Object> invalidArguments(String tool) {
            if (tool.equals(BOOKING)) {
                return Map.of("bookingId", bookings.getFirst(), "status", "archived");
            }
            if (tool.equals(TASK)) {
                return random.nextBoolean()
                        ? Map.of("title", "")
                        : Map.of("title", "Call back", "priority", "whenever");
            }
            return Map.of("orderId", "forty-two");
        }

        /** How the receiver answers the next delivery: 200, 400, 500, or later than the read timeout. */
        private HttpsReceiver.Reply replies() {
            int choice = random.nextInt(20);
            return choice < 9
                    ? HttpsReceiver.Reply.status(200)
                    : choice < 14
                            ? HttpsReceiver.Reply.status(400)
                            : choice < 19 ? HttpsReceiver.Reply.status(500) : HttpsReceiver.Reply.slow(2_000);
        }

        private void script(HttpsReceiver.Reply reply) {
            String path = pathOf(definition);
            RECEIVER.then(path, reply);
            scripted.merge(path, 1, Integer::sum);
        }

        // ---- answers ----

        private void note(String what, Api.@Nullable Response answer) {
            String outcome = answer == null
                    ? ""
                    : " -> " + answer.status() + " "
                            + (answer.status() >= 400
                                    ? answer.text("type")
                                    : answer.body().path("status").asString(""));
            trace.add(step + ". [" + (System.nanoTime() - started) / 1_000_000 + " ms] " + what + outcome);
        }

        private void expect(Api.Response answer, Integer... allowed) {
            assertThat(answer.status()).as("never a server error: %s", answer).isLessThan(500);
            assertThat(answer.status()).as("answer %s", answer).isIn((Object[]) allowed);
            if (answer.status() >= 400) {
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            }
        }

        private Tracked tracked(String id) {
            return actions.stream().filter(a -> a.id.equals(id)).findFirst().orElseThrow();
        }
    }

    /**
     * The state machine as the timeline shows it: for each state, the events that may follow and
     * where they lead. "approved" and "retried" are the moments between a decision and the move it causes.
     */
    private static final Map<String, Map<String, String>> TRANSITIONS = transitions();

    private static Map<String, Map<String, String>> transitions() {
        Map<String, String> waiting = Map.of(
                "action.started",
                "running",
                "action.cancelled",
                "cancelled",
                "approval.requested",
                "pending_approval",
                "action.scheduled",
                "scheduled",
                "action.failed",
                "failed",
                "action.needs_review",
                "needs_review");
        Map<String, String> released = Map.of(
                "approval.requested", "pending_approval", "action.queued", "queued", "action.scheduled", "scheduled");
        return Map.ofEntries(
                Map.entry("new", Map.of("action.requested", "requested")),
                Map.entry("requested", Map.of("action.decided", "decided")),
                Map.entry("decided", released),
                Map.entry(
                        "pending_approval",
                        Map.of(
                                "approval.approved",
                                "approved",
                                "approval.rejected",
                                "rejected",
                                "approval.expired",
                                "expired",
                                "action.cancelled",
                                "cancelled")),
                Map.entry("approved", Map.of("action.queued", "queued", "action.scheduled", "scheduled")),
                Map.entry("queued", waiting),
                Map.entry("scheduled", waiting),
                Map.entry(
                        "running",
                        Map.of(
                                "action.completed",
                                "completed",
                                "action.failed",
                                "failed",
                                "action.needs_review",
                                "needs_review",
                                "action.attempt_failed",
                                "queued")),
                Map.entry("failed", Map.of("action.retried", "retried")),
                Map.entry("needs_review", Map.of("action.retried", "retried")),
                Map.entry("retried", released));
    }

    private static boolean open(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        boolean weekday = t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY;
        LocalTime time = t.toLocalTime();
        return weekday && !time.isBefore(LocalTime.of(9, 0)) && time.isBefore(LocalTime.of(18, 0));
    }

    private static Instant nextOpening(Instant after) {
        ZonedDateTime day = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        while (true) {
            Instant candidate = day.plusHours(9).plusSeconds(1).toInstant();
            if (candidate.isAfter(after) && open(candidate)) {
                return candidate;
            }
            day = day.plusDays(1);
        }
    }

    private static Instant nextSaturdayNoon(Instant after) {
        ZonedDateTime day =
                after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1);
        while (day.getDayOfWeek() != DayOfWeek.SATURDAY) {
            day = day.plusDays(1);
        }
        return day.plusHours(12).toInstant();
    }

    private static ConditionFactory waitUpTo(String what, int seconds) {
        return await(what)
                .pollDelay(Duration.ZERO)
                .atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(50));
    }

    /** Used only to show that nothing more happens once a sequence is drained. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.polaris.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.identity.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class AuditApiTest extends PostgresApiTest {

    /** The type of the events these tests append themselves. */
    private static final AuditEventType STEP = AuditEventType.ACTION_STARTED;

    private static final Actor TESTER = new Actor("system", null, "Audit test");
    /** A new workspace's events: its owner added, and the owner's token made. */
    private static final int WORKSPACE_EVENTS = 2;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditSealer sealer;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    PlatformTransactionManager transactions;

    TransactionTemplate tx;

    @BeforeEach
    void transactions() {
        tx = new TransactionTemplate(transactions);
    }

    /**
     * The tests append to the workspace's audit log from their own transactions and threads, so the
     * workspace is made before each test.
     */
    @BeforeEach
    void newWorkspaceForEachTest() {
        tenant();
    }

    @Test
    void untouchedLogVerifiesAsValid() {
        tenant().member("reviewer");
        tenant().integrationKey();
        appendEvents(tenant().id(), "action:act_valid", "act_valid", 3);
        sealer.seal(tenant().id());
        appendEvents(tenant().id(), "action:act_valid", "act_valid", 2);

        var answer = tenant().owner().get("/api/v1/audit/verify");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean())
                .as(answer.toString())
                .isTrue();
        assertThat(answer.body().path("events").asLong())
                .isEqualTo(eventCount(tenant().id()))
                .as("the workspace, the reviewer added and signed in, the key, five steps")
                .isEqualTo(WORKSPACE_EVENTS + 2 + 1 + 5);
        assertThat(answer.body().path("seals").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(answer.body().has("problems")).isFalse();
    }

    @Test
    void editedEventMakesVerifyInvalidAndNamesTheEvent() {
        var member = tenant().member("viewer");
        long seq = jdbc.sql(
                        "select seq from audit_events where workspace_id = ? and subject = ? and type = 'member.created'")
                .params(tenant().id(), "member:" + member.id())
                .query(Long.class)
                .single();

        jdbc.sql("update audit_events set data = ? where seq = ?")
                .params("{\"memberId\":\"" + member.id() + "\",\"role\":\"owner\"}", seq)
                .update();

        var answer = tenant().owner().get("/api/v1/audit/verify");
        assertThat(answer.body().path("valid").asBoolean()).isFalse();
        assertThat(problems(answer.body())).contains("event " + seq + " (member:" + member.id() + ") was changed");
    }

    @Test
    void eventEditedWithARecomputedHashIsStillDetectedOnceSealed() {
        appendEvents(tenant().id(), "action:act_forged", "act_forged", 1);
        sealer.seal(tenant().id());
        var stored = jdbc.sql("""
                        select seq, at, type, actor_type, actor_id, actor_name, subject, subject_seq, action_id, prev_hash
                        from audit_events where workspace_id = ? and subject = 'action:act_forged'""").param(tenant().id()).query(Stored.class).single();
        String forgedData = "{\"n\":999}";
        String forgedHash = new HashedEvent(
                        tenant().id(),
                        stored.at(),
                        stored.type(),
                        stored.actor(),
                        stored.subject(),
                        stored.subjectSeq(),
                        stored.actionId(),
                        forgedData,
                        stored.prevHash())
                .hash();
        jdbc.sql("update audit_events set data = ?, hash = ? where seq = ?")
                .params(forgedData, forgedHash, stored.seq())
                .update();
        assertThat(verifier.verify(tenant().id()).problems()).noneMatch(p -> p.startsWith("event "));

        assertThat(problemsFound()).anyMatch(p -> p.contains("does not match its events"));
    }

    @Test
    void deletedMiddleEventIsDetected() {
        List<Long> seqs = appendEvents(tenant().id(), "action:act_middle", "act_middle", 3);

        jdbc.sql("delete from audit_events where seq = ?").param(seqs.get(1)).update();

        assertThat(problemsFound())
                .contains("an event of action:act_middle before event " + seqs.get(2) + " was removed");
    }

    @Test
    void deletingAWholeSubjectAfterSealingIsDetected() {
        appendEvents(tenant().id(), "action:act_gone", "act_gone", 3);
        appendEvents(tenant().id(), "action:act_kept", "act_kept", 2);
        sealer.seal(tenant().id());
        assertThat(verifier.verify(tenant().id()).valid()).isTrue();

        jdbc.sql("delete from audit_events where workspace_id = ? and subject = 'action:act_gone'")
                .param(tenant().id())
                .update();

        assertThat(problemsFound()).anyMatch(p -> p.contains("events but only") && p.endsWith("events were removed"));
    }

    @Test
    void renumberedEventIsDetected() {
        List<Long> seqs = appendEvents(tenant().id(), "action:act_moved", "act_moved", 3);
        sealer.seal(tenant().id());
        // The last event moved before the others, to a seq no event of any workspace will take (a seq
        // beyond the newest would be taken by a later event of the tests sharing this database, and
        // would raise the sealing watermark of every workspace past their later events).
        jdbc.sql("update audit_events set seq = ? where seq = ?")
                .params(-seqs.get(2), seqs.get(2))
                .update();

        var problems = problemsFound();
        assertThat(problems).anyMatch(p -> p.contains("is out of order"));
        assertThat(problems).anyMatch(p -> p.endsWith("remain: events were removed"));
    }

    @Test
    void deletedSealIsDetected() {
        appendEvents(tenant().id(), "action:act_s1", "act_s1", 1);
        sealer.seal(tenant().id());
        List<Long> second = appendEvents(tenant().id(), "action:act_s2", "act_s2", 2);
        sealer.seal(tenant().id());
        appendEvents(tenant().id(), "action:act_s3", "act_s3", 1);
        sealer.seal(tenant().id());
        long sealNo = jdbc.sql(
                        "select seal_no from audit_seals where workspace_id = ? and after_seq < ? and last_seq >= ?")
                .params(tenant().id(), second.get(0), second.get(0))
                .query(Long.class)
                .single();

        deleteSeal(sealNo);

        assertThat(problemsFound())
                .contains(
                        "seal " + sealNo + " was removed",
                        "2 events (" + second.get(0) + " to " + second.get(1) + ") belong to a seal that was removed");
    }

    @Test
    void deletedNewestSealIsDetected() {
        appendEvents(tenant().id(), "action:act_n1", "act_n1", 2);
        sealer.seal(tenant().id());
        long newest = jdbc.sql("select max(seal_no) from audit_seals where workspace_id = ?")
                .param(tenant().id())
                .query(Long.class)
                .single();

        deleteSeal(newest);

        assertThat(problemsFound()).anyMatch(p -> p.startsWith("seal " + newest + " ") && p.endsWith("was removed"));
    }

    @Test
    void headsLookedUpTogetherContinueEachChain() {
        var other = newWorkspace();
        appendEvents(tenant().id(), "action:act_heads_a", "act_heads_a", 3);
        appendEvents(tenant().id(), "action:act_heads_b", "act_heads_b", 1);
        appendEvents(other.id(), "action:act_heads_a", "act_heads_a", 5);

        tx.executeWithoutResult(status -> {
            // b already has an event of this transaction: the look-up must not take it back a step
            audit.append(tenant().id(), STEP, TESTER, "action:act_heads_b", null, Map.of("before", true));
            audit.lookUpHeads(
                    tenant().id(), List.of("action:act_heads_a", "action:act_heads_b", "action:act_heads_new"));
            for (String subject : List.of("action:act_heads_a", "action:act_heads_b", "action:act_heads_new")) {
                audit.append(tenant().id(), STEP, TESTER, subject, null, Map.of("together", true));
            }
        });

        assertThat(jdbc.sql("""
                        select subject, max(subject_seq) from audit_events
                        where workspace_id = ? and subject like 'action:act_heads_%'
                        group by subject order by subject""")
                        .param(tenant().id())
                        .query((rs, n) -> rs.getString(1) + "=" + rs.getInt(2))
                        .list())
                .containsExactly("action:act_heads_a=4", "action:act_heads_b=3", "action:act_heads_new=1");
        assertThat(verifier.verify(tenant().id()).valid()).isTrue();
        assertThat(verifier.verify(other.id()).valid()).isTrue();
    }

    @Test
    void appendAfterAHeadWasLookedUpUsesThatHead() {
        appendEvents(tenant().id(), "action:act_early", "act_early", 2);
        var separately = new TransactionTemplate(transactions);
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        // A writer that did not hold the subject's lock: the head looked up before its commit is
        // stale, and the unique subject sequence fails the transaction instead of forking the chain.
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    audit.lookUpHeads(tenant().id(), List.of("action:act_early"));
                    separately.executeWithoutResult(inner -> audit.append(
                            tenant().id(), STEP, TESTER, "action:act_early", null, Map.of("meanwhile", true)));
                    audit.append(tenant().id(), STEP, TESTER, "action:act_early", null, Map.of("late", true));
                }))
                .isInstanceOf(DataIntegrityViolationException.class);

        assertThat(jdbc.sql("select count(*) from audit_events where workspace_id = ? and subject = 'action:act_early'")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
        assertThat(verifier.verify(tenant().id()).valid()).isTrue();
    }

    @Test
    void verifyNeverLooksAtAnotherWorkspace() {
        var theirs = newWorkspace();
        appendEvents(tenant().id(), "action:act_shared", "act_shared", 2);
        List<Long> theirEvents = appendEvents(theirs.id(), "action:act_shared", "act_shared", 2);
        sealer.seal(tenant().id());
        sealer.seal(theirs.id());

        jdbc.sql("update audit_events set data = '{}' where seq = ?")
                .param(theirEvents.get(1))
                .update();

        var mineAnswer = tenant().owner().get("/api/v1/audit/verify");
        assertThat(mineAnswer.body().path("valid").asBoolean())
                .as(mineAnswer.toString())
                .isTrue();
        assertThat(mineAnswer.body().path("events").asLong()).isEqualTo(eventCount(tenant().id()));
        var theirAnswer = theirs.owner().get("/api/v1/audit/verify");
        assertThat(theirAnswer.body().path("valid").asBoolean()).isFalse();
        assertThat(problems(theirAnswer.body())).anyMatch(p -> p.startsWith("event " + theirEvents.get(1) + " "));
    }

    @Test
    void concurrentAppendsAndSealsKeepEveryEventSealedExactlyOnce() throws Exception {
        int writers = 8;
        int eventsEach = 50;
        var running = new AtomicBoolean(true);
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            var appends = new ArrayList<Future<?>>();
            for (int w = 0; w < writers; w++) {
                String subject = "action:act_concurrent_" + w;
                appends.add(pool.submit(() -> {
                    start.await();
                    appendEvents(tenant().id(), subject, subject.substring(7), eventsEach);
                    return null;
                }));
            }
            var sealers = new ArrayList<Future<?>>();
            for (int s = 0; s < 2; s++) {
                sealers.add(pool.submit(() -> {
                    start.await();
                    while (running.get()) {
                        sealer.seal(tenant().id());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var append : appends) {
                append.get(60, TimeUnit.SECONDS);
            }
            running.set(false);
            for (var seal : sealers) {
                seal.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        sealer.seal(tenant().id());

        var verification = verifier.verify(tenant().id());
        assertThat(verification.valid()).as(verification.problems().toString()).isTrue();
        assertThat(verification.events()).isEqualTo(WORKSPACE_EVENTS + writers * eventsEach);
        assertThat(unsealed(tenant().id())).isZero();
        assertThat(jdbc.sql("select sum(event_count) from audit_seals where workspace_id = ?")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isEqualTo(WORKSPACE_EVENTS + writers * eventsEach);
        assertThat(jdbc.sql("select count(*) from audit_seals where workspace_id = ?")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isEqualTo(verification.seals());
    }

    @Test
    void verifyReadsALargeLogInBatchesAndStillFindsOneChangedEvent() {
        for (int round = 0; round < 3; round++) {
            tx.executeWithoutResult(status -> {
                for (int n = 0; n < 150; n++) {
                    for (String subject : List.of("action:act_big_a", "action:act_big_b", "action:act_big_c")) {
                        audit.append(tenant().id(), STEP, TESTER, subject, subject.substring(7), Map.of("n", n));
                    }
                }
            });
            sealer.seal(tenant().id());
        }
        var intact = verifier.verify(tenant().id());
        assertThat(intact.valid()).as(intact.problems().toString()).isTrue();
        assertThat(intact.events()).isEqualTo(WORKSPACE_EVENTS + 3 * 450).isGreaterThan(AuditVerifier.BATCH);
        assertThat(intact.seals()).isGreaterThanOrEqualTo(3);
        long late = jdbc.sql(
                        "select seq from audit_events where workspace_id = ? and subject = ? and subject_seq = 400")
                .params(tenant().id(), "action:act_big_c")
                .query(Long.class)
                .single();

        jdbc.sql("update audit_events set actor_name = 'Someone else' where seq = ?")
                .param(late)
                .update();

        assertThat(problemsFound()).contains("event " + late + " (action:act_big_c) was changed");
    }

    @Test
    void anEventThatCommitsAfterALaterOneIsStillSealed() throws Exception {
        sealer.seal(tenant().id());
        var written = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // A transaction whose event is inserted (so it has its seq) but which has not committed yet.
            Future<?> slow = pool.submit(() -> tx.executeWithoutResult(status -> {
                audit.append(tenant().id(), STEP, TESTER, "action:act_slow", "act_slow", Map.of("n", 1));
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        written.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }));
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            long laterSeq = appendEvents(tenant().id(), "action:act_fast", "act_fast", 1)
                    .getFirst();

            // The sealer may not seal past the open transaction's event, so it gives up this round.
            assertThatThrownBy(() -> sealer.seal(tenant().id())).isInstanceOf(PessimisticLockingFailureException.class);
            assertThat(unsealed(tenant().id())).isEqualTo(1);

            release.countDown();
            slow.get(30, TimeUnit.SECONDS);
            long earlierSeq = jdbc.sql(
                            "select seq from audit_events where workspace_id = ? and subject = 'action:act_slow'")
                    .param(tenant().id())
                    .query(Long.class)
                    .single();
            assertThat(earlierSeq).isLessThan(laterSeq);
            sealer.seal(tenant().id());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }

        assertThat(unsealed(tenant().id())).isZero();
        var verification = verifier.verify(tenant().id());
        assertThat(verification.valid()).as(verification.problems().toString()).isTrue();
    }

    @Test
    void aBacklogIsSealedInSeveralBoundedSeals() {
        int backlog = AuditSealer.MAX_EVENTS_PER_SEAL + 50;
        tx.executeWithoutResult(status -> {
            for (int n = 0; n < backlog; n++) {
                audit.append(tenant().id(), STEP, TESTER, "action:act_backlog_" + (n % 10), null, Map.of("n", n));
            }
        });

        sealer.seal(tenant().id());

        assertThat(unsealed(tenant().id())).isZero();
        List<Long> counts = jdbc.sql("select event_count from audit_seals where workspace_id = ? order by seal_no")
                .param(tenant().id())
                .query(Long.class)
                .list();
        assertThat(counts).hasSizeGreaterThanOrEqualTo(2).allMatch(c -> c <= AuditSealer.MAX_EVENTS_PER_SEAL);
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(WORKSPACE_EVENTS + backlog);
        var verification = verifier.verify(tenant().id());
        assertThat(verification.valid()).as(verification.problems().toString()).isTrue();
        assertThat(verification.seals()).isEqualTo(counts.size());
    }

    @Test
    void eventsAreSealedInTheBackgroundWithinSeconds() throws InterruptedException {
        List<Long> seqs = appendEvents(tenant().id(), "action:act_background", "act_background", 2);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (unsealed(tenant().id()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(unsealed(tenant().id())).isZero();
        assertThat(jdbc.sql(
                                "select count(*) from audit_seals where workspace_id = ? and after_seq < ? and last_seq >= ?")
                        .params(tenant().id(), seqs.get(0), seqs.get(1))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(verifier.verify(tenant().id()).seals()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void integrationKeyGets403OnAuditEndpoints() {
        var key = tenant().integrationKey();

        assertThat(key.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(key.get("/api/v1/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void reviewerReadsTheLogButCannotVerifyIt() {
        var reviewer = tenant().member("reviewer");

        var list = reviewer.api().get("/api/v1/audit");
        assertThat(list.status()).isEqualTo(200);
        assertThat(typesOf(list.body())).contains("member.created");
        assertThat(reviewer.api().get("/api/v1/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void listIsNewestFirstAndPagesWithACursor() {
        List<Long> seqs = appendEvents(tenant().id(), "action:act_pages", "act_pages", 3);

        var first = tenant().owner().get("/api/v1/audit?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(seqsOf(first.body())).containsExactly(seqs.get(2), seqs.get(1));
        var second = tenant().owner()
                .get("/api/v1/audit?limit=" + (1 + WORKSPACE_EVENTS) + "&cursor=" + first.text("nextCursor"));
        assertThat(seqsOf(second.body()))
                .hasSize(1 + WORKSPACE_EVENTS)
                .startsWith(seqs.get(0))
                .endsWith(firstEventSeq(tenant().id()));
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void actionIdGivesTheActionsTimelineOldestFirstWithDataAsAnObject() {
        List<Long> seqs = appendEvents(tenant().id(), "action:act_timeline", "act_timeline", 3);
        appendEvents(tenant().id(), "action:act_other", "act_other", 2);

        var answer = tenant().owner().get("/api/v1/audit?actionId=act_timeline");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(seqsOf(answer.body())).containsExactlyElementsOf(seqs);
        var event = answer.body().path("items").get(0);
        assertThat(event.path("type").asString()).isEqualTo(STEP.wire());
        assertThat(event.path("subject").asString()).isEqualTo("action:act_timeline");
        assertThat(event.path("data").path("n").asInt()).isEqualTo(1);
        assertThat(event.path("actor").path("type").asString()).isEqualTo("system");
        assertThat(event.path("actor").path("name").asString()).isEqualTo("Audit test");
        assertThat(event.path("at").asString()).endsWith("Z");
        assertThat(event.path("hash").asString()).hasSize(64);
        assertThat(audit.timeline(tenant().id(), "act_timeline"))
                .extracting(AuditEvent::seq)
                .containsExactlyElementsOf(seqs);
    }

    @Test
    void typeAndSubjectFilterTheList() {
        var member = tenant().member("viewer");
        tenant().integrationKey();

        var byType = tenant().owner().get("/api/v1/audit?type=api_key.created");
        assertThat(typesOf(byType.body())).containsExactly("api_key.created");
        var bySubject = tenant().owner().get("/api/v1/audit?subject=member:" + member.id());
        assertThat(typesOf(bySubject.body()))
                .as("added, then signed in")
                .containsExactly("token.created", "member.created");
        assertThat(bySubject
                        .body()
                        .path("items")
                        .get(1)
                        .path("data")
                        .path("role")
                        .asString())
                .isEqualTo("viewer");
    }

    @Test
    void anotherWorkspacesActionShowsNoEvents() {
        var theirs = newWorkspace();
        appendEvents(theirs.id(), "action:act_private", "act_private", 2);

        var answer = tenant().owner().get("/api/v1/audit?actionId=act_private");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("items")).isEmpty();
        assertThat(audit.timeline(tenant().id(), "act_private")).isEmpty();
    }

    @Test
    void badCursorGets400() {
        assertThat(tenant().owner().get("/api/v1/audit?cursor=bm90LWEtbnVtYmVy").status())
                .isEqualTo(400);
    }

    @Test
    void noEventCarriesAPasswordTokenOrKey() {
        String password = "audit-secret-password-42";
        String email = "careful-" + System.nanoTime() + "@example.com";
        var created = tenant().owner()
                .post(
                        "/api/v1/members",
                        Map.of("email", email, "name", "Careful", "role", "admin", "password", password));
        assertThat(created.status()).isEqualTo(201);
        var token = anonymous().post("/api/v1/auth/tokens", Map.of("email", email, "password", password, "name", "t"));
        String personalToken = token.text("token");
        var key = tenant().owner().post("/api/v1/api-keys", Map.of("name", "Chatbot"));
        String integrationKey = key.text("key");
        String passwordHash = jdbc.sql("select password_hash from members where email = ?")
                .param(email)
                .query(String.class)
                .single();

        List<String> stored =
                jdbc.sql("""
                        select concat(type, ' ', actor_type, ' ', coalesce(actor_id, ''), ' ', coalesce(actor_name, ''), ' ',
                            subject, ' ', data) from audit_events where workspace_id = ?""").param(tenant().id()).query(String.class).list();
        String listed = tenant().owner().get("/api/v1/audit?limit=200").raw().body();

        assertThat(stored)
                .hasSize(WORKSPACE_EVENTS + 3)
                .anyMatch(e -> e.contains("api_key.created"))
                .anyMatch(e -> e.contains(email))
                .anyMatch(e -> e.contains("token.created"));
        for (String secret : List.of(password, personalToken, integrationKey, passwordHash)) {
            assertThat(stored).noneMatch(e -> e.contains(secret));
            assertThat(listed).doesNotContain(secret);
        }
    }

    /** An event's row as stored, its columns mapped by name. */
    private record Stored(
            long seq,
            Instant at,
            String type,
            String actorType,
            @Nullable String actorId,
            @Nullable String actorName,
            String subject,
            int subjectSeq,
            @Nullable String actionId,
            @Nullable String prevHash) {

        Actor actor() {
            return new Actor(actorType, actorId, actorName);
        }
    }

    private List<Long> appendEvents(String workspaceId, String subject, @Nullable String actionId, int count) {
        var seqs = new ArrayList<Long>();
        for (int n = 1; n <= count; n++) {
            int number = n;
            tx.executeWithoutResult(
                    status -> audit.append(workspaceId, STEP, TESTER, subject, actionId, Map.of("n", number)));
            seqs.add(jdbc.sql("select max(seq) from audit_events where workspace_id = ? and subject = ?")
                    .params(workspaceId, subject)
                    .query(Long.class)
                    .single());
        }
        return seqs;
    }

    /** Events after the newest seal's range. */
    /** What verifying the test's workspace finds wrong, once it found the log invalid. */
    private List<String> problemsFound() {
        var verification = verifier.verify(tenant().id());
        assertThat(verification.valid()).isFalse();
        return verification.problems();
    }

    /** Removes the test's workspace's seal {@code sealNo}, as someone covering their tracks would. */
    private void deleteSeal(long sealNo) {
        jdbc.sql("delete from audit_seals where workspace_id = ? and seal_no = ?")
                .params(tenant().id(), sealNo)
                .update();
    }

    private long unsealed(String workspaceId) {
        return jdbc.sql("""
                        select count(*) from audit_events where workspace_id = ?
                        and seq > coalesce((select last_seq from audit_seal_heads where workspace_id = ?), 0)""").params(workspaceId, workspaceId).query(Long.class).single();
    }

    private long eventCount(String workspaceId) {
        return jdbc.sql("select count(*) from audit_events where workspace_id = ?")
                .param(workspaceId)
                .query(Long.class)
                .single();
    }

    private long firstEventSeq(String workspaceId) {
        return jdbc.sql("select min(seq) from audit_events where workspace_id = ?")
                .param(workspaceId)
                .query(Long.class)
                .single();
    }

    private static List<Long> seqsOf(JsonNode page) {
        var seqs = new ArrayList<Long>();
        page.path("items").forEach(item -> seqs.add(item.path("seq").asLong()));
        return seqs;
    }

    private static List<String> typesOf(JsonNode page) {
        var types = new ArrayList<String>();
        page.path("items").forEach(item -> types.add(item.path("type").asString()));
        return types;
    }

    private static List<String> problems(JsonNode verification) {
        var problems = new ArrayList<String>();
        verification.path("problems").forEach(p -> problems.add(p.asString()));
        return problems;
    }
}

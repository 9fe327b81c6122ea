package com.polaris.operator.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.polaris.operator.Api;
import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresDatabase;
import com.polaris.operator.api.CappedCount;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the approvals inbox at scale (part (d) of BENCHMARKS.md): a workspace with
 * {@code bench.inbox-actions} actions (1,000,000) and {@code bench.inbox-pending} pending approvals
 * (100,000), seeded with SQL straight into the application's tables, against a reference workspace
 * that holds only the approvals the run decides, each in a fresh database with one full node. For
 * each: the first page of {@code GET /api/v1/approvals?status=pending&for=me} (a reviewer's personal
 * access token), the first page of the console's inbox {@code GET /approvals} (the same reviewer's
 * session) and {@code POST /api/v1/approvals/{id}/approve}, each as sequential requests after a
 * warm-up. Not part of the test suite: run it with {@code ./mvnw -Pbenchmark test
 * -Dtest=ApprovalInboxBenchmark} (or {@code -Dbench.only=d}, which skips the queue benchmark);
 * results go to standard output and {@code target/benchmark-approvals.md}.
 */
@Tag("benchmark")
class ApprovalInboxBenchmark {

    private static final int ACTIONS = Integer.getInteger("bench.inbox-actions", 1_000_000);
    private static final int PENDING = Integer.getInteger("bench.inbox-pending", 100_000);
    private static final int REQUESTS = Integer.getInteger("bench.inbox-requests", 2_000);
    /**
     * Untimed requests an endpoint before the timed ones. With 2,000 the JIT compiler was still busy
     * in the timed windows at scale (about 1,650 compilations in the run's last minute, against about
     * 240 with 6,000) and took a core from the request, its client or PostgreSQL: the p99 measured that.
     */
    private static final int WARM_UP = Integer.getInteger("bench.inbox-warm-up", 6_000);

    private static final String PASSWORD = "bench password 123";
    /** Crockford's base-32 digits, as ULIDs (and so {@code Ids}) write them, lower case. */
    private static final String DIGITS = "0123456789abcdefghjkmnpqrstvwxyz";

    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws Exception {
        assumeTrue(System.getProperty("bench.only", "abcd").contains("d"), "bench.only leaves out (d)");
        line("# Approvals inbox benchmark, %s", Instant.now());
        line(
                "JVM %s, %d cores, max heap %d MB; load average before: %s",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAverage());
        // The reference holds only the approvals the run decides: everything the seeded workspace adds
        // is what the comparison measures.
        int decided = WARM_UP + REQUESTS;
        var reference = measure("reference (almost empty)", decided, decided);
        var atScale = measure("at scale", ACTIONS, PENDING);
        line("## Ratios, at scale / reference");
        for (String endpoint : atScale.keySet()) {
            long[] a = atScale.get(endpoint);
            long[] r = reference.get(endpoint);
            line(
                    "%s: p50 %.2f, p99 %.2f",
                    endpoint,
                    Latencies.pct(a, 50) / Math.max(Latencies.pct(r, 50), 0.001),
                    Latencies.pct(a, 99) / Math.max(Latencies.pct(r, 99), 0.001));
        }
        Files.writeString(Path.of("target/benchmark-approvals.md"), report);
    }

    /** Seeds a fresh database, starts a node on it and times the three requests; the timings by endpoint. */
    private Map<String, long[]> measure(String name, int actions, int pending) throws Exception {
        line("## %s: %,d actions, %,d pending approvals", name, actions, pending);
        String url = PostgresDatabase.fresh();
        var timings = new LinkedHashMap<String, long[]>();
        try (var node = node(url)) {
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            var workspace = Workspace.create(port);
            try (Connection c =
                    DriverManager.getConnection(url, PostgresDatabase.user(), PostgresDatabase.password())) {
                long started = System.nanoTime();
                seed(c, workspace, actions, pending);
                line("seeded in %.1f s", (System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                // A live installation's autovacuum would have vacuumed and analyzed tables this size
                // long since (the machine's own configuration switches it off).
                c.createStatement().execute("vacuum analyze");
                line(
                        "vacuum analyze in %.1f s; rows: %s; load average: %s",
                        (System.nanoTime() - started) / 1e9, sizes(c), loadAverage());
                // ... and would have written out what the seeding left in memory: without a checkpoint
                // here, the timed requests share the disk with the one the seeding's writes set off.
                started = System.nanoTime();
                try {
                    c.createStatement().execute("checkpoint");
                    line("checkpoint in %.1f s", (System.nanoTime() - started) / 1e9);
                } catch (SQLException e) {
                    line("no checkpoint (%s)", e.getMessage());
                }

                String token = workspace.reviewerToken(port);
                String session = workspace.reviewerSession(port);
                List<String> toDecide = toDecide(c, workspace, WARM_UP + REQUESTS);
                try (var api = new LoadClient(port, token);
                        var browser = LoadClient.browser(port, session)) {
                    timings.put(
                            "GET /api/v1/approvals?status=pending&for=me",
                            time(
                                    c,
                                    "for me",
                                    i -> api.send("GET", "/api/v1/approvals?status=pending&for=me", "") == 200));
                    timings.put(
                            "GET /approvals (console)",
                            time(c, "console", i -> browser.send("GET", "/approvals", "") == 200));
                    // The same page with no card on it (no approval was cancelled): the console's floor,
                    // what its header, session and security cost whatever the inbox holds.
                    timings.put(
                            "GET /approvals?status=cancelled (console, no cards)",
                            time(
                                    c,
                                    "console, no cards",
                                    i -> browser.send("GET", "/approvals?status=cancelled", "") == 200));
                    // The plans of the inbox as it was measured, before the run decides some of it.
                    explain(c, workspace);
                    timings.put(
                            "POST /api/v1/approvals/{id}/approve",
                            time(
                                    c,
                                    "approve",
                                    i -> api.send("POST", "/api/v1/approvals/" + toDecide.get(i) + "/approve", "{}")
                                            == 200));
                }
            }
        }
        return timings;
    }

    /**
     * {@code WARM_UP} untimed then {@code REQUESTS} timed sequential requests, numbered from 0; the
     * timed ones' microseconds, sorted. Also reports the SQL statements per timed request, and the
     * index and sequential scans of each table they touched (PostgreSQL's statistics).
     */
    private long[] time(Connection c, String what, IntPredicate request) throws SQLException {
        int failed = 0;
        for (int i = 0; i < WARM_UP; i++) {
            failed += request.test(i) ? 0 : 1;
        }
        var before = scans(c);
        long statementsBefore = StatementCounter.STATEMENTS.get();
        long cpuBefore = processCpuNanos();
        long[] micros = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            failed += request.test(WARM_UP + i) ? 0 : 1;
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        long cpu = processCpuNanos() - cpuBefore;
        long statements = StatementCounter.STATEMENTS.get() - statementsBefore;
        var after = scans(c);
        Arrays.sort(micros);
        line(
                "%s: %s (%d of %d failed); load average %s",
                what, Latencies.percentiles(micros), failed, WARM_UP + REQUESTS, loadAverage());
        var perRequest = new StringBuilder();
        after.forEach((table, counts) -> {
            long[] was = before.getOrDefault(table, new long[2]);
            double index = (counts[0] - was[0]) / (double) REQUESTS;
            double seq = (counts[1] - was[1]) / (double) REQUESTS;
            if (index + seq >= 0.01) {
                perRequest.append(String.format(Locale.ROOT, " %s %.1f", table, index));
                if (seq >= 0.01) {
                    perRequest.append(String.format(Locale.ROOT, " (+%.1f seq)", seq));
                }
            }
        });
        line(
                "    SQL statements per request (the node's, background work included): %.1f",
                statements / (double) REQUESTS);
        // CPU time depends far less on the machine's other load than latency does: it is what a
        // change to the request's own work shows best.
        line(
                "    CPU per request (this JVM: the node and the client, PostgreSQL not counted): %.2f ms",
                cpu / 1e6 / REQUESTS);
        line("    index scans per request (each value of an IN list counts as one):%s", perRequest);
        return micros;
    }

    /** CPU time this JVM has used so far, all its threads together. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Index and sequential scans so far of each table, by name. */
    private static Map<String, long[]> scans(Connection c) throws SQLException {
        // The statistics collector's snapshot is per transaction: clear it to read the latest counts.
        c.createStatement().execute("select pg_stat_clear_snapshot()");
        var scans = new TreeMap<String, long[]>();
        try (ResultSet rs = c.createStatement()
                .executeQuery("select relname, coalesce(idx_scan, 0), seq_scan from pg_stat_user_tables")) {
            while (rs.next()) {
                scans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return scans;
    }

    /** Pending approvals the reviewer may decide, spread over all of them, in random order. */
    private static List<String> toDecide(Connection c, Workspace workspace, int count) throws SQLException {
        var ids = new ArrayList<String>();
        try (var select =
                c.prepareStatement("select approval_id from approval_reviewers where workspace_id = ? and member_id = ?"
                        + " order by random() limit ?")) {
            select.setString(1, workspace.id);
            select.setString(2, workspace.reviewerId);
            select.setInt(3, count);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.size() < count) {
            throw new IllegalStateException("Only " + ids.size() + " approvals to decide, " + count + " needed");
        }
        return ids;
    }

    /**
     * Rows written straight into the application's tables, shaped after the rows the application
     * wrote for the workspace's two template actions (one pending, one approved and completed): the
     * workspace's {@code actions} over the last 14 days, one id per second-ish, time-ordered like
     * {@code Ids}; every {@code stride}-th action asked for approval; the newest {@code pending} of
     * those approvals wait, with their reviewers, expiry job and reviewers' notifications; the older
     * ones were approved (80 %, with the decision and a completed action), rejected (15 %) or expired.
     * Of the actions that needed no approval, 1 % failed, 0.2 % need review, the rest completed.
     */
    private static void seed(Connection c, Workspace w, int actions, int pending) throws SQLException {
        int approvals = Math.min(actions, pending * 5 / 2);
        int stride = Math.max(1, actions / approvals);
        // One action a second: the pending approvals (400,000 s, 4.6 days, at scale) are within their
        // seven days to expire.
        long step = 1000;
        long newest = System.currentTimeMillis() - 60_000;
        // The newest action that asks for approval is number `actions` (i % stride = 0 counting from
        // the top); approval number k, counted from the newest, waits when k < pending.
        Statement s = c.createStatement();
        s.execute("create function pg_temp.ulid(ms bigint, n bigint) returns text language sql immutable as $$ select "
                + base32("ms", 10) + " || " + base32("(n * 2654435761) % 1048576", 4) + " || " + base32("n", 12)
                + " $$");
        s.execute("""
                create temporary table seed as
                select i, %1$d - i as age,
                       to_timestamp((%2$d - (%1$d - i) * %3$d) / 1000.0) as at,
                       (%1$d - i) %% %4$d = 0 and (%1$d - i) / %4$d < %5$d as asked,
                       case when (%1$d - i) %% %4$d = 0 and (%1$d - i) / %4$d < %5$d
                            then (%1$d - i) / %4$d end as k
                from generate_series(1, %1$d) i""".formatted(actions, newest, step, stride, approvals));
        s.execute("""
                alter table seed add column outcome text;
                update seed set outcome = case
                    when k < %1$d then 'pending'
                    when k is not null then (case when i %% 20 < 16 then 'approved' when i %% 20 < 19 then 'rejected' else 'expired' end)
                    else (case when i %% 1000 < 10 then 'failed' when i %% 1000 < 12 then 'needs_review' else 'completed' end)
                end""".formatted(pending));
        s.execute("""
                alter table seed add column action_id text, add column approval_id text;
                update seed set action_id = pg_temp.ulid((extract(epoch from at) * 1000)::bigint, i),
                                approval_id = case when k is not null
                                    then pg_temp.ulid((extract(epoch from at) * 1000)::bigint + 1, i) end""");
        String p = "'" + w.pendingActionId + "'";
        String d = "'" + w.completedActionId + "'";
        s.execute("""
                insert into actions (id, workspace_id, tool, status, arguments, conversation_id, conversation, reason,
                    request_review, requested_by_type, requested_by_id, requested_by_name, decision, not_before,
                    approval_id, result, error, attempts, created_at, updated_at, approved_digest)
                select 'act_' || s.action_id, t.workspace_id, t.tool,
                       case s.outcome when 'pending' then 'pending_approval' when 'approved' then 'completed'
                            else s.outcome end,
                       '{"name":"Lead ' || s.i || '","email":"lead' || s.i || '@example.com"}',
                       'conv-' || s.i, replace(t.conversation, t.conversation_id, 'conv-' || s.i), t.reason,
                       t.request_review, t.requested_by_type, t.requested_by_id, t.requested_by_name,
                       case when s.k is null then c.decision else t.decision end, t.not_before,
                       case when s.k is not null then 'apr_' || s.approval_id end,
                       case when s.outcome in ('completed', 'approved') then c.result end,
                       case when s.outcome in ('failed', 'needs_review') then '{"code":"upstream_unavailable","message":"The service did not answer"}' end,
                       case when s.outcome in ('pending', 'rejected', 'expired') then 0 else 1 end,
                       s.at, s.at + interval '2 seconds', case when s.outcome = 'approved' then c.approved_digest end
                from seed s, actions t, actions c
                where t.id = %s and c.id = %s""".formatted(p, d));
        s.execute("""
                insert into approvals (id, workspace_id, action_id, status, requested_by_id, requested_at, expires_at,
                    decided_at, changes, tool, required, version, reviewer_roles, reviewer_members, reviewers, summary,
                    reminded_at, escalated_at, blocked)
                select 'apr_' || s.approval_id, t.workspace_id, 'act_' || s.action_id, s.outcome, t.requested_by_id,
                       s.at, s.at + (t.expires_at - t.requested_at),
                       case when s.outcome <> 'pending' then s.at + interval '20 minutes' end, t.changes, t.tool,
                       t.required, t.version, t.reviewer_roles, t.reviewer_members, t.reviewers,
                       replace(t.summary, 'Lead 0', 'Lead ' || s.i), null, null, false
                from seed s, approvals t
                where s.k is not null and t.action_id = %s""".formatted(p));
        s.execute("""
                insert into approval_decisions (id, approval_id, workspace_id, member_id, member_name, decision,
                    comment, arguments_diff, decided_at, version)
                select 'dec_' || pg_temp.ulid((extract(epoch from s.at) * 1000)::bigint + 1200000, s.i),
                       'apr_' || s.approval_id, t.workspace_id, t.member_id, t.member_name,
                       case s.outcome when 'approved' then 'approve' else 'reject' end,
                       case s.outcome when 'rejected' then 'Not this customer' end, null,
                       s.at + interval '20 minutes', 1
                from seed s, approval_decisions t, approvals a
                where s.outcome in ('approved', 'rejected') and a.action_id = %s and t.approval_id = a.id""".formatted(d));
        s.execute("""
                insert into approval_reviewers (approval_id, workspace_id, member_id)
                select 'apr_' || s.approval_id, r.workspace_id, r.member_id
                from seed s, approval_reviewers r, approvals a
                where s.outcome = 'pending' and a.action_id = %s and r.approval_id = a.id""".formatted(p));
        s.execute("""
                insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, created_at)
                select j.workspace_id, j.kind, 'apr_' || s.approval_id, j.state,
                       s.at + (a.expires_at - a.requested_at), 0, s.at
                from seed s, jobs j, approvals a
                where s.outcome = 'pending' and a.action_id = %s and j.subject_id = a.id""".formatted(p));
        s.execute("""
                with written as (
                    insert into notifications (id, workspace_id, action_id, message, audience, conversation_id,
                        created_at, type, approval_id, origin)
                    select 'ntf_' || pg_temp.ulid((extract(epoch from s.at) * 1000)::bigint + 2, s.i), n.workspace_id,
                           'act_' || s.action_id, replace(n.message, 'Lead 0', 'Lead ' || s.i), n.audience,
                           'conv-' || s.i, s.at, n.type, 'apr_' || s.approval_id,
                           replace(n.origin, a.id, 'apr_' || s.approval_id)
                    from seed s, notifications n, approvals a
                    where s.outcome = 'pending' and a.action_id = %1$s and n.approval_id = a.id
                    returning id, origin)
                insert into notification_recipients (member_id, notification_id, workspace_id, read_at)
                select r.member_id, w.id, r.workspace_id, null
                from written w, notification_recipients r, notifications n, approvals a
                where a.action_id = %1$s and n.approval_id = a.id and r.notification_id = n.id""".formatted(p));
        s.execute("drop table seed");
    }

    /** A SQL expression: the {@code digits} lowest base-32 digits of the bigint expression {@code value}. */
    private static String base32(String value, int digits) {
        var parts = new ArrayList<String>();
        for (int i = digits - 1; i >= 0; i--) {
            parts.add("substr('" + DIGITS + "', ((" + value + ") >> " + (5 * i) + " & 31)::int + 1, 1)");
        }
        return String.join(" || ", parts);
    }

    private static String sizes(Connection c) throws SQLException {
        var sizes = new ArrayList<String>();
        for (String table : List.of(
                "actions",
                "approvals",
                "approval_reviewers",
                "approval_decisions",
                "jobs",
                "notifications",
                "notification_recipients")) {
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
                rs.next();
                sizes.add(String.format(Locale.ROOT, "%s %,d", table, rs.getLong(1)));
            }
        }
        return String.join(", ", sizes);
    }

    /** The plans of the inbox's queries on this data, for the report. */
    private void explain(Connection c, Workspace w) throws SQLException {
        String ws = "'" + w.id + "'";
        String me = "'" + w.reviewerId + "'";
        var queries = new LinkedHashMap<String, String>();
        queries.put("for me (Approvals.decidableBy)", """
                select a.id from approval_reviewers r join approvals a on a.id = r.approval_id
                where r.workspace_id = %s and r.member_id = %s order by r.approval_id desc limit 51""".formatted(ws, me));
        queries.put("console page (Approvals.list)", """
                select id from approvals where workspace_id = %s and status = 'pending'
                order by id desc limit 51""".formatted(ws));
        // The header's counts as the console runs them, each capped (CappedCount).
        queries.put(
                "console header: pending approvals (Approvals.countPending)",
                CappedCount.of(
                        "select 1 from approvals where workspace_id = %s and status = 'pending' order by requested_at"
                                .formatted(ws)));
        queries.put(
                "console header: unread notifications (Notifications.unreadCount)",
                CappedCount.of(("select 1 from notification_recipients where member_id = %s and workspace_id = %s"
                                + " and read_at is null order by notification_id")
                        .formatted(me, ws)));
        queries.put(
                "console header: failed and needing review (Actions.countNeedingAttention)",
                CappedCount.of(
                        "select 1 from actions where workspace_id = %s and status in ('failed', 'needs_review') order by status, id"
                                .formatted(ws)));
        for (var query : queries.entrySet()) {
            line("    EXPLAIN ANALYZE, %s:", query.getKey());
            try (ResultSet rs =
                    c.createStatement().executeQuery("explain (analyze, buffers, costs off) " + query.getValue())) {
                while (rs.next()) {
                    line("        %s", rs.getString(1));
                }
            }
        }
    }

    /**
     * The workspace under test: its owner, an admin, three reviewers and a viewer; {@code create_lead}
     * needs one approval of an owner, admin or reviewer and runs in the background; two template
     * actions proposed by an integration key, one left pending and one approved and completed.
     */
    private record Workspace(
            String id, String reviewerEmail, String reviewerId, String pendingActionId, String completedActionId) {

        static Workspace create(int port) throws InterruptedException {
            var platform = new Api("http://localhost:" + port, "bench-platform-token");
            String suffix = Long.toString(System.nanoTime());
            var created = platform.post(
                    "/api/v1/workspaces",
                    Map.of(
                            "name",
                            "Bench",
                            "ownerEmail",
                            "owner" + suffix + "@example.com",
                            "ownerPassword",
                            PASSWORD,
                            "timezone",
                            "UTC"));
            var owner = platform.as(created.text("ownerToken"));
            String reviewerEmail = "reviewer" + suffix + "@example.com";
            String reviewerId = "";
            for (String[] member : List.of(
                    new String[] {"admin", "admin" + suffix + "@example.com"},
                    new String[] {"reviewer", reviewerEmail},
                    new String[] {"reviewer", "reviewer2-" + suffix + "@example.com"},
                    new String[] {"reviewer", "reviewer3-" + suffix + "@example.com"},
                    new String[] {"viewer", "viewer" + suffix + "@example.com"})) {
                var answer = owner.post(
                        "/api/v1/members",
                        Map.of(
                                "email",
                                member[1],
                                "name",
                                "Bench " + member[0],
                                "role",
                                member[0],
                                "password",
                                PASSWORD));
                require(answer, 201);
                if (member[1].equals(reviewerEmail)) {
                    reviewerId = answer.text("id");
                }
            }
            require(
                    owner.put(
                            "/api/v1/tools/create_lead/policy",
                            Map.of(
                                    "approval",
                                    "required",
                                    "execution",
                                    "background",
                                    "businessHours",
                                    false,
                                    "review",
                                    Map.of("summary", "Create the lead {{args.name}} ({{args.email}})"))),
                    200);
            var agent = platform.as(
                    owner.post("/api/v1/api-keys", Map.of("name", "bench")).text("key"));
            String[] ids = new String[2];
            for (int i = 0; i < 2; i++) {
                var proposed = agent.post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "create_lead",
                                "arguments",
                                Map.of("name", "Lead " + i, "email", "lead" + i + "@example.com"),
                                "conversation",
                                Map.of("id", "conv-" + i, "channel", "web"),
                                "reason",
                                "The customer asked to be called back"));
                require(proposed, 201);
                ids[i] = proposed.text("id");
            }
            String completedApproval = owner.get("/api/v1/actions/" + ids[1])
                    .body()
                    .path("approval")
                    .path("id")
                    .asString();
            require(owner.post("/api/v1/approvals/" + completedApproval + "/approve", Map.of()), 200);
            for (int i = 0;
                    i < 100
                            && !"completed"
                                    .equals(owner.get("/api/v1/actions/" + ids[1])
                                            .text("status"));
                    i++) {
                Thread.sleep(100);
            }
            return new Workspace(created.text("id"), reviewerEmail, reviewerId, ids[0], ids[1]);
        }

        String reviewerToken(int port) {
            var answer = new Api("http://localhost:" + port, null)
                    .post("/api/v1/auth/tokens", Map.of("email", reviewerEmail, "password", PASSWORD));
            require(answer, 201);
            return answer.text("token");
        }

        /** Signs the reviewer in to the console as a browser does; the session's cookie as {@code name=value}. */
        String reviewerSession(int port) throws IOException, InterruptedException {
            var http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            String base = "http://localhost:" + port;
            var login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = cookie(login);
            String csrf =
                    Jsoup.parse(login.body()).selectFirst("input[name=_csrf]").val();
            String form = "email=" + URLEncoder.encode(reviewerEmail, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            var signedIn = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/login"))
                            .header("Cookie", cookie)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (signedIn.statusCode() != 302
                    || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
                throw new IllegalStateException("Sign-in failed: " + signedIn.statusCode() + " " + signedIn.headers());
            }
            return cookie(signedIn);
        }

        private static String cookie(HttpResponse<String> response) {
            return response.headers().allValues("Set-Cookie").stream()
                    .map(c -> c.split(";", 2)[0])
                    .reduce((first, last) -> last)
                    .orElseThrow(() -> new IllegalStateException("No session cookie in " + response.headers()));
        }

        private static void require(Api.Response answer, int status) {
            if (answer.status() != status) {
                throw new IllegalStateException("Expected " + status + ", got " + answer);
            }
        }
    }

    private static ConfigurableApplicationContext node(String url) {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--polaris.data-dir=target/bench-data",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.user(),
                "--spring.datasource.password=" + PostgresDatabase.password(),
                "--polaris.jobs.node-id=inbox",
                "--polaris.platform-token=bench-platform-token",
                "--logging.level.root=WARN"));
        String nodeArgs = System.getProperty("bench.node-args", "").strip();
        if (!nodeArgs.isEmpty()) {
            arguments.addAll(List.of(nodeArgs.split("\\s+")));
        }
        return new SpringApplicationBuilder(OperatorApplication.class, StatementCounter.class)
                .run(arguments.toArray(String[]::new));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }
}

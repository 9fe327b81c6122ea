package com.polaris.operator.audit;

import com.polaris.operator.identity.Actor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a workspace's audit log end to end: every subject chain (each event's hash, its link to
 * the previous event of its subject, no gap in the subject's numbering) and every seal (the chain
 * of seals, and each seal's hash recomputed from the events it sealed). Together these detect an
 * edited, reordered or deleted event, a whole subject deleted after it was sealed, and a deleted
 * seal. What they cannot detect is the removal of the newest events that are not sealed yet, a
 * few seconds' worth.
 *
 * <p>Reads in batches inside one repeatable-read transaction, so a workspace of millions of events
 * is checked in bounded memory against one consistent snapshot while appends and seals go on.
 */
@Component
public class AuditVerifier {

    static final int BATCH = 1_000;
    static final int MAX_PROBLEMS = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    AuditVerifier(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        tx.setReadOnly(true);
    }

    public Verification verify(String workspaceId) {
        return Objects.requireNonNull(tx.execute(status -> {
            var findings = new Findings();
            long events = checkSubjectChains(workspaceId, findings);
            long seals = checkSeals(workspaceId, findings);
            return new Verification(findings.total == 0, events, seals, findings.shown());
        }));
    }

    private long checkSubjectChains(String workspaceId, Findings findings) {
        var rows = new Batches<StoredEvent>(last -> jdbc.sql("""
                        select seq, at, type, actor_type, actor_id, actor_name, subject, subject_seq, action_id, data,
                            prev_hash, hash
                        from audit_events
                        where workspace_id = ? and subject >= ? and (subject > ? or subject_seq > ?)
                        order by subject, subject_seq limit ?""")
                .params(
                        workspaceId,
                        last == null ? "" : last.subject(),
                        last == null ? "" : last.subject(),
                        last == null ? 0 : last.subjectSeq(),
                        BATCH)
                .query((rs, n) -> new StoredEvent(
                        rs.getLong(1),
                        new HashedEvent(
                                workspaceId,
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(3),
                                new Actor(rs.getString(4), rs.getString(5), rs.getString(6)),
                                rs.getString(7),
                                rs.getInt(8),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11)),
                        rs.getString(12)))
                .list());
        long count = 0;
        @Nullable StoredEvent previous = null;
        while (rows.hasNext()) {
            StoredEvent event = rows.next();
            count++;
            boolean sameSubject = previous != null && previous.subject().equals(event.subject());
            int expectedSeq = sameSubject ? previous.subjectSeq() + 1 : 1;
            if (!event.hashMatches()) {
                findings.add("event " + event.describe() + " was changed");
            }
            if (event.subjectSeq() != expectedSeq) {
                findings.add(gap(event, expectedSeq));
            } else if (!Objects.equals(event.prevHash(), sameSubject ? previous.hash() : null)) {
                findings.add("event " + event.describe() + " does not follow the event before it in " + event.subject()
                        + ": that event was changed or replaced");
            }
            if (sameSubject && event.seq() < previous.seq()) {
                findings.add("event " + event.describe() + " is out of order: it comes before event " + previous.seq()
                        + ", which precedes it in " + event.subject());
            }
            previous = event;
        }
        return count;
    }

    private static String gap(StoredEvent event, int expectedSeq) {
        int missing = event.subjectSeq() - expectedSeq;
        return missing == 1
                ? "an event of " + event.subject() + " before event " + event.seq() + " was removed"
                : missing + " events of " + event.subject() + " before event " + event.seq() + " were removed";
    }

    private long checkSeals(String workspaceId, Findings findings) {
        var seals = new Batches<SealRow>(last -> jdbc.sql("""
                        select id, seal_no, event_count, prev_hash, hash, after_seq, last_seq from audit_seals
                        where workspace_id = ? and seal_no > ? order by seal_no limit ?""")
                .params(workspaceId, last == null ? 0 : last.sealNo(), BATCH)
                .query((rs, n) -> new SealRow(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, Long.class),
                        rs.getObject(7, Long.class)))
                .list());
        // Events of the seals made before ranges, which marked each event with its seal.
        var marked = new Batches<SealedEvent>(last -> jdbc.sql("""
                        select seal_id, seq, hash from audit_events
                        where workspace_id = ? and seal_id >= ? and (seal_id > ? or seq > ?)
                        order by seal_id, seq limit ?""")
                .params(
                        workspaceId,
                        last == null ? 0 : last.sealId(),
                        last == null ? 0 : last.sealId(),
                        last == null ? 0 : last.seq(),
                        BATCH)
                .query((rs, n) -> new SealedEvent(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .list());
        // Events in seq order up to the newest range; those after it are not sealed yet.
        long sealedUpTo = jdbc.sql("select coalesce(max(last_seq), 0) from audit_seals where workspace_id = ?")
                .param(workspaceId)
                .query(Long.class)
                .single();
        var ranged = new Batches<SealedEvent>(last -> jdbc.sql("""
                        select seq, hash from audit_events
                        where workspace_id = ? and seq > ? and seq <= ? and seal_id is null
                        order by seq limit ?""")
                .params(workspaceId, last == null ? 0 : last.seq(), sealedUpTo, BATCH)
                .query((rs, n) -> new SealedEvent(0, rs.getLong(1), rs.getString(2)))
                .list());
        var orphans = new Orphans(findings);
        long count = 0;
        @Nullable SealRow previous = null;
        while (seals.hasNext()) {
            SealRow seal = seals.next();
            count++;
            long expectedNo = previous == null ? 1 : previous.sealNo() + 1;
            if (seal.sealNo() != expectedNo) {
                findings.add(
                        seal.sealNo() - expectedNo == 1
                                ? "seal " + expectedNo + " was removed"
                                : "seals " + expectedNo + " to " + (seal.sealNo() - 1) + " were removed");
            } else if (!Objects.equals(seal.prevHash(), previous == null ? null : previous.hash())) {
                findings.add(
                        previous == null
                                ? "seal " + seal.sealNo()
                                        + " claims a seal before it, but there is none: earlier seals were removed"
                                : "seal " + seal.sealNo() + " does not follow seal " + previous.sealNo()
                                        + ": one of them was changed");
            }
            if (previous != null && seal.id() <= previous.id()) {
                findings.add("seal " + seal.sealNo() + " is out of order");
            }
            var digest = new SealDigest(workspaceId, seal.sealNo(), seal.prevHash());
            if (seal.lastSeq() == null) {
                while (marked.hasNext() && marked.peek().sealId() < seal.id()) {
                    SealedEvent event = marked.next();
                    orphans.add(event.sealId(), event.seq());
                }
                while (marked.hasNext() && marked.peek().sealId() == seal.id()) {
                    SealedEvent event = marked.next();
                    digest.add(event.seq(), event.hash());
                }
            } else {
                // Events before this seal's range that no remaining range covers belonged to removed seals.
                long after = Objects.requireNonNullElse(seal.afterSeq(), 0L);
                while (ranged.hasNext() && ranged.peek().seq() <= after) {
                    orphans.add(-seal.sealNo(), ranged.next().seq());
                }
                while (ranged.hasNext() && ranged.peek().seq() <= seal.lastSeq()) {
                    SealedEvent event = ranged.next();
                    digest.add(event.seq(), event.hash());
                }
            }
            check(seal, digest, findings);
            previous = seal;
        }
        while (marked.hasNext()) {
            SealedEvent event = marked.next();
            orphans.add(event.sealId(), event.seq());
        }
        orphans.flush();
        checkHead(workspaceId, previous, findings);
        return count;
    }

    /** Compares a seal with the digest of the events it covers now. */
    private static void check(SealRow seal, SealDigest digest, Findings findings) {
        String hash = digest.finish();
        if (digest.count() < seal.eventCount()) {
            findings.add("seal " + seal.sealNo() + " covered " + seal.eventCount() + " events but only "
                    + digest.count() + " remain: events were removed");
        } else if (digest.count() > seal.eventCount()) {
            findings.add("seal " + seal.sealNo() + " covered " + seal.eventCount() + " events but " + digest.count()
                    + " claim it: events were added");
        } else if (!hash.equals(seal.hash())) {
            findings.add("seal " + seal.sealNo() + " does not match its events: an event was changed, renumbered"
                    + " or replaced, or the seal itself was changed");
        }
    }

    /** The seal head remembers the newest seal, so removing the newest seals is detected too. */
    private void checkHead(String workspaceId, @Nullable SealRow newest, Findings findings) {
        jdbc.sql("select seal_no, hash from audit_seal_heads where workspace_id = ?")
                .param(workspaceId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .ifPresent(head -> {
                    long newestNo = newest == null ? 0 : newest.sealNo();
                    if (head.sealNo() > newestNo) {
                        findings.add(
                                head.sealNo() - newestNo == 1
                                        ? "seal " + head.sealNo() + " (the newest) was removed"
                                        : "seals " + (newestNo + 1) + " to " + head.sealNo()
                                                + " (the newest) were removed");
                    } else if (head.sealNo() == newestNo
                            && newest != null
                            && !Objects.equals(head.hash(), newest.hash())) {
                        findings.add("seal " + newestNo + " (the newest) was changed");
                    }
                });
    }

    /**
     * Events whose seal no longer exists, reported once per group: per missing marking seal, or
     * per stretch of seq numbers between the ranges of two remaining seals.
     */
    @RequiredArgsConstructor
    private static final class Orphans {

        private final Findings findings;
        private @Nullable Long group;
        private long first;
        private long last;
        private long count;

        void add(long group, long seq) {
            if (this.group == null || this.group != group) {
                flush();
                this.group = group;
                first = seq;
                count = 0;
            }
            last = seq;
            count++;
        }

        void flush() {
            if (group != null) {
                findings.add(
                        count == 1
                                ? "event " + first + " belongs to a seal that was removed"
                                : count + " events (" + first + " to " + last + ") belong to a seal that was removed");
                group = null;
            }
        }
    }

    /** Problems found, the first {@link #MAX_PROBLEMS} kept word for word and the rest counted. */
    private static final class Findings {

        private final List<String> kept = new ArrayList<>();
        private long total;

        void add(String problem) {
            total++;
            if (kept.size() < MAX_PROBLEMS) {
                kept.add(problem);
            }
        }

        List<String> shown() {
            if (total <= kept.size()) {
                return List.copyOf(kept);
            }
            var all = new ArrayList<>(kept);
            all.add("… and " + (total - kept.size()) + " more problems");
            return List.copyOf(all);
        }
    }

    /** Reads rows a batch at a time by key, each batch starting after the last row of the one before. */
    private static final class Batches<T> implements Iterator<T> {

        private final Function<@Nullable T, List<T>> fetch;
        private List<T> batch = List.of();
        private int index;
        private @Nullable T last;
        private boolean exhausted;

        Batches(Function<@Nullable T, List<T>> fetch) {
            this.fetch = fetch;
        }

        @Override
        public boolean hasNext() {
            if (index < batch.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            batch = fetch.apply(last);
            index = 0;
            exhausted = batch.size() < BATCH;
            return !batch.isEmpty();
        }

        T peek() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.get(index);
        }

        @Override
        public T next() {
            T item = peek();
            index++;
            last = item;
            return item;
        }
    }

    private record StoredEvent(long seq, HashedEvent fields, String hash) {

        boolean hashMatches() {
            return hash.equals(fields.hash());
        }

        String subject() {
            return fields.subject();
        }

        int subjectSeq() {
            return fields.subjectSeq();
        }

        @Nullable
        String prevHash() {
            return fields.prevHash();
        }

        String describe() {
            return seq + " (" + subject() + ")";
        }
    }

    /** A seal; {@code afterSeq} and {@code lastSeq} bound its range, null for a seal that marked its events. */
    private record SealRow(
            long id,
            long sealNo,
            long eventCount,
            @Nullable String prevHash,
            String hash,
            @Nullable Long afterSeq,
            @Nullable Long lastSeq) {}

    private record Head(long sealNo, @Nullable String hash) {}

    private record SealedEvent(long sealId, long seq, String hash) {}
}

package com.polaris.operator.action;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lets many threads share transactions: each thread hands in its item and waits; one of the
 * waiting threads, the leader, takes up to {@code batchSize} items of its lane and works them
 * together (in one transaction, say), then hands the lead on. When there is no competition each
 * item is worked alone at once, so this adds no wait; under load, items that arrive while a batch
 * is worked form the next batch, and a commit is shared by many.
 *
 * <p>If a batch fails as a whole, every item in it is answered {@link Outcome#workAlone()}: its thread
 * then works it by itself, so one bad item cannot fail the others.
 */
final class GroupCommit<I, O> {

    /** The answer for one item: its result, or the request to work it alone. */
    record Outcome<O>(@Nullable O result, boolean alone) {

        static <O> Outcome<O> of(@Nullable O result) {
            return new Outcome<>(result, false);
        }

        static <O> Outcome<O> workAlone() {
            return new Outcome<>(null, true);
        }
    }

    private final List<Lane> lanes;
    private final int batchSize;
    private final Function<List<I>, List<@Nullable O>> work;
    private final DistributionSummary sizes;

    /**
     * {@code work} gets a batch of items and answers their results in the same order; should it
     * throw, the whole batch is worked again one item at a time by the items' own threads. The
     * size of every batch is recorded in {@code sizes}.
     */
    GroupCommit(int lanes, int batchSize, DistributionSummary sizes, Function<List<I>, List<@Nullable O>> work) {
        if (lanes < 1 || batchSize < 1) {
            throw new IllegalArgumentException("Shared transactions need at least one lane and one item per batch");
        }
        this.lanes = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            this.lanes.add(new Lane());
        }
        this.batchSize = batchSize;
        this.work = work;
        this.sizes = sizes;
    }

    /** The metric of the batch sizes of one kind of work, {@code polaris.shared.transactions} tagged with it. */
    static DistributionSummary sizes(MeterRegistry meters, String work) {
        return DistributionSummary.builder("polaris.shared.transactions")
                .description("Items stored together in one shared transaction")
                .baseUnit("items")
                .tag("work", work)
                .register(meters);
    }

    /** Works {@code item} in some batch and answers its outcome once that batch has ended. */
    Outcome<O> submit(I item) {
        Lane lane = lanes.get(ThreadLocalRandom.current().nextInt(lanes.size()));
        var mine = new Pending(item);
        lane.queue.add(mine);
        while (true) {
            if (lane.leader.tryLock()) {
                try {
                    lead(lane, mine);
                } finally {
                    lane.leader.unlock();
                    handOver(lane);
                }
            }
            if (mine.outcome != null) {
                return mine.outcome;
            }
            mine.wake.acquireUninterruptibly();
            if (mine.outcome != null) {
                return mine.outcome;
            }
        }
    }

    /** Works batches of the lane until this thread's own item has been worked, or the lane is empty. */
    private void lead(Lane lane, Pending mine) {
        while (mine.outcome == null) {
            List<Pending> batch = new ArrayList<>(batchSize);
            for (Pending next; batch.size() < batchSize && (next = lane.queue.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            sizes.record(batch.size());
            List<Outcome<O>> outcomes = null;
            try {
                outcomes = workOrAlone(batch);
            } finally {
                // Even if the work failed with an Error, no thread is left waiting for an answer.
                for (int i = 0; i < batch.size(); i++) {
                    Pending pending = batch.get(i);
                    pending.outcome = outcomes == null ? Outcome.workAlone() : outcomes.get(i);
                    if (pending != mine) {
                        pending.wake.release();
                    }
                }
            }
        }
    }

    private List<Outcome<O>> workOrAlone(List<Pending> batch) {
        try {
            List<@Nullable O> results =
                    work.apply(batch.stream().map(p -> p.item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException(
                        "A batch of " + batch.size() + " answered " + results.size() + " results");
            }
            return results.stream().map(Outcome::<O>of).toList();
        } catch (RuntimeException e) {
            return batch.stream().map(p -> Outcome.<O>workAlone()).toList();
        }
    }

    /** Wakes the oldest waiting item's thread, which leads next unless another thread got there first. */
    private void handOver(Lane lane) {
        Pending next = lane.queue.peek();
        if (next != null) {
            next.wake.release();
        }
    }

    private final class Lane {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock leader = new ReentrantLock();
    }

    private final class Pending {
        final I item;
        final Semaphore wake = new Semaphore(0);
        volatile @Nullable Outcome<O> outcome;

        Pending(I item) {
            this.item = Objects.requireNonNull(item);
        }
    }
}

package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DistributionSummary sizes = GroupCommit.sizes(meters, "test");

    @Test
    void anItemWithoutCompetitionIsWorkedAtOnceOnItsOwn() {
        var batches = new CopyOnWriteArrayList<List<Integer>>();
        var group = new GroupCommit<Integer, String>(2, 8, sizes, batch -> {
            batches.add(batch);
            return batch.stream().map(i -> "done " + i).toList();
        });

        var outcome = group.submit(7);

        assertThat(outcome.alone()).isFalse();
        assertThat(outcome.result()).isEqualTo("done 7");
        assertThat(batches).containsExactly(List.of(7));
    }

    @Test
    void manyThreadsShareBatchesAndEveryItemIsWorkedExactlyOnce() throws Exception {
        int threads = 64;
        int each = 200;
        var worked = ConcurrentHashMap.<Integer>newKeySet();
        var duplicates = new AtomicInteger();
        var batchSizes = Collections.synchronizedList(new ArrayList<Integer>());
        var group = new GroupCommit<Integer, Integer>(2, 16, sizes, batch -> {
            batchSizes.add(batch.size());
            for (int item : batch) {
                if (!worked.add(item)) {
                    duplicates.incrementAndGet();
                }
            }
            Thread.onSpinWait();
            return batch.stream().map(i -> i * 2).toList();
        });
        var wrong = new AtomicInteger();
        var start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * each;
            running.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = first; i < first + each; i++) {
                    var outcome = group.submit(i);
                    if (outcome.alone() || outcome.result() == null || outcome.result() != i * 2) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join(60_000);
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(wrong).hasValue(0);
        assertThat(duplicates).hasValue(0);
        assertThat(worked).hasSize(threads * each);
        assertThat(batchSizes).allMatch(size -> size <= 16);
        assertThat(batchSizes.size()).isLessThan(threads * each);
        assertThat(sizes.count()).isEqualTo(batchSizes.size());
        assertThat((long) sizes.totalAmount()).isEqualTo(threads * each);
    }

    @Test
    void aBatchThatFailsAsksEachOfItsItemsToBeWorkedAlone() {
        var group = new GroupCommit<Integer, Integer>(1, 8, sizes, batch -> {
            throw new IllegalStateException("broken");
        });

        var outcome = group.submit(1);

        assertThat(outcome.alone()).isTrue();
        assertThat(outcome.result()).isNull();
    }

    @Test
    void anErrorInABatchReachesItsLeaderAndLeavesNoThreadWaiting() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var group = new GroupCommit<Integer, Integer>(1, 8, sizes, batch -> {
            if (batch.contains(1)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError("broken");
            }
            return batch;
        });
        var leaderFailure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread leader = Thread.ofVirtual().start(() -> {
            try {
                group.submit(1);
            } catch (Throwable t) {
                leaderFailure.set(t);
            }
        });
        assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        var follower = new java.util.concurrent.atomic.AtomicReference<GroupCommit.Outcome<Integer>>();
        Thread waiting = Thread.ofVirtual().start(() -> follower.set(group.submit(2)));

        release.countDown();
        leader.join(10_000);
        waiting.join(10_000);

        assertThat(leaderFailure.get()).isInstanceOf(AssertionError.class);
        assertThat(follower.get()).isNotNull();
        assertThat(follower.get().result()).isEqualTo(2);
    }
}

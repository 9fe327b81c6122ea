package com.polaris.operator.job;

import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * This node's job slots ({@code polaris.jobs.concurrency}), shared by the worker's claims and by
 * hand-offs. A job enqueued on this node while a slot is free is written already leased to this
 * node and handed to its worker when the enqueuing transaction commits: no claim round trip, no
 * wait for a wake-up. The worker takes slots for the jobs its claim returned and puts back those
 * that found none, so together they never run more jobs than the setting allows; a slot comes
 * back when its job's run ends.
 */
@Component
class JobSlots {

    private final Semaphore free;
    private volatile boolean open;
    private volatile Consumer<ClaimedJob> worker = job -> {
        throw new IllegalStateException("No worker takes hand-offs");
    };

    JobSlots(JobSettings settings) {
        this.free = new Semaphore(settings.concurrency());
    }

    /** Called by the running worker: from now on slots may be taken, and hand-offs go to {@code worker}. */
    void open(Consumer<ClaimedJob> worker) {
        this.worker = worker;
        this.open = true;
    }

    /** No slot is given out any more (shutdown). */
    void close() {
        open = false;
    }

    int available() {
        return free.availablePermits();
    }

    /** Takes up to {@code max} free slots without waiting; how many were taken. */
    int takeUpTo(int max) {
        while (open) {
            int n = Math.min(max, free.availablePermits());
            if (n <= 0) {
                return 0;
            }
            if (free.tryAcquire(n)) {
                return n;
            }
        }
        return 0;
    }

    void give(int n) {
        if (n > 0) {
            free.release(n);
        }
    }

    /** Runs a job written leased to this node on a slot taken for it with {@link #takeUpTo}. */
    void handOff(ClaimedJob job) {
        worker.accept(job);
    }
}

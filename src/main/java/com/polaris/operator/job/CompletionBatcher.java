package com.polaris.operator.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends jobs whose handlers have nothing to commit together with the completion: many
 * completions become one {@code DELETE} and one commit. Until the batch commits the lease is
 * still held, so a crash in between only means the job runs again (at least once).
 */
@Component
@RequiredArgsConstructor
class CompletionBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 500;

    private final JdbcClient jdbc;
    private final LinkedBlockingQueue<ClaimedJob> tokens = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread flusher;

    void complete(ClaimedJob job) {
        tokens.add(job);
    }

    @Override
    public void start() {
        running = true;
        flusher = Thread.ofPlatform().name("polaris-jobs-complete").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        flusher.interrupt();
        try {
            flusher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(drain(Integer.MAX_VALUE));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the worker: completions of jobs that finished during shutdown still commit. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void loop() {
        while (running) {
            try {
                ClaimedJob first = tokens.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<ClaimedJob> batch = drain(MAX_BATCH - 1);
                batch.add(first);
                flush(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<ClaimedJob> drain(int max) {
        List<ClaimedJob> batch = new ArrayList<>();
        tokens.drainTo(batch, max);
        return batch;
    }

    private void flush(List<ClaimedJob> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            jdbc.sql("delete from jobs where id in (:ids) and lease_token in (:tokens)")
                    .param("ids", batch.stream().map(ClaimedJob::id).toList())
                    .param("tokens", batch.stream().map(ClaimedJob::leaseToken).toList())
                    .update();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not complete {} jobs ({}); their leases will expire and they will run again",
                    batch.size(),
                    e.toString());
        }
    }
}

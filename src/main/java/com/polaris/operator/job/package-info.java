/**
 * The durable job queue in the application's database: enqueue, claim, lease, retry, rescue.
 *
 * <p>A job is written in the transaction of the change that needs it. One due now, enqueued while
 * this node has a free slot, is written already leased to this node and handed to its worker at
 * commit ({@link com.polaris.operator.job.JobSlots}); any other waits as {@code ready} until a
 * worker of any node claims it, woken in-process or through a coalesced {@code NOTIFY}. Either
 * way the job is held under a lease that heartbeats extend and that another node takes over
 * when it runs out, and every end of a job is fenced by its lease token.
 */
@NullMarked
package com.polaris.operator.job;

import org.jspecify.annotations.NullMarked;

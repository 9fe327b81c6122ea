/** The durable job queue in the application's database: enqueue, claim, lease, retry, rescue. */
@NullMarked
package com.polaris.operator.job;

import org.jspecify.annotations.NullMarked;

/**
 * Event subscriptions: HTTPS endpoints a workspace registers to be told of its actions' outcomes
 * without polling, each event delivered once per subscription through the job queue, signed per
 * Standard Webhooks, with a delivery log that owners and admins read and redeliver from.
 */
@NullMarked
package com.polaris.operator.subscription;

import org.jspecify.annotations.NullMarked;

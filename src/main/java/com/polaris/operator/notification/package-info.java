/**
 * Notifications: the messages {@code send_notification} leaves, and the product's own notifications
 * for members (approvals waiting for them), fanned out to each member's bell and, grouped, to
 * reviewers' email; and each member's preferences about being told.
 */
@NullMarked
package com.polaris.operator.notification;

import org.jspecify.annotations.NullMarked;

/**
 * Notifications: the messages {@code send_notification} leaves, and the product's own notifications
 * for members (approvals waiting for them, actions that failed or need review), fanned out to each
 * member's bell, grouped to reviewers' email, to the workspace's chat webhook, and once a day as a
 * digest email; and each member's preferences about being told.
 */
@NullMarked
package com.polaris.operator.notification;

import org.jspecify.annotations.NullMarked;

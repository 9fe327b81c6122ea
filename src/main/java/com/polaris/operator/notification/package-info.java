/** Notifications: messages for the team, or one role or member, left by the {@code send_notification} tool. */
@NullMarked
package com.polaris.operator.notification;

import org.jspecify.annotations.NullMarked;

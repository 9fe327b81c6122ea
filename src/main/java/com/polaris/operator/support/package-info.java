/** Support tasks: follow-ups for the team, opened by the {@code create_support_task} tool. */
@NullMarked
package com.polaris.operator.support;

import org.jspecify.annotations.NullMarked;

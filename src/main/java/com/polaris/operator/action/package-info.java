/** Actions: their state machine, idempotency keys, usage counting and the public actions API. */
@NullMarked
package com.polaris.operator.action;

import org.jspecify.annotations.NullMarked;

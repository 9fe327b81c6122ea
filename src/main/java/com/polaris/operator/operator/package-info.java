/** The operator: a workspace's model that turns a conversation into at most one proposal, by hand or in the background. */
@NullMarked
package com.polaris.operator.operator;

import org.jspecify.annotations.NullMarked;

/** Workspaces, their members and roles, tokens and integration keys, usage limits and business hours. */
@NullMarked
package com.polaris.operator.workspace;

import org.jspecify.annotations.NullMarked;

/** Approval requests, who may decide them, decisions with edits, and expiry. */
@NullMarked
package com.polaris.operator.approval;

import org.jspecify.annotations.NullMarked;

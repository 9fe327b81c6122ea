/**
 * Approval gates that a subject (an action or a batch) opens: who may decide them, decisions with edits, and
 * expiry; decisions are announced as events the subject handles in the same transaction.
 */
@NullMarked
package com.polaris.operator.approval;

import org.jspecify.annotations.NullMarked;

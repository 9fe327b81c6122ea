/**
 * Insights: per tool, how proposals fared over a period (approvals, edits, rejections, expiries,
 * runs), read from the action and approval tables, with a suggestion a person may act on.
 */
@NullMarked
package com.polaris.operator.insight;

import org.jspecify.annotations.NullMarked;

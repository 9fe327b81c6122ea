/** Execution rules: Policy JSON, presets, forced rules, versions, and the pure decision function. */
@NullMarked
package com.polaris.operator.policy;

import org.jspecify.annotations.NullMarked;

/** Polaris Operator: turns conversations into real work under rules a business controls. */
@NullMarked
package com.polaris.operator;

import org.jspecify.annotations.NullMarked;

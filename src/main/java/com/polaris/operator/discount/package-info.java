/** Discounts: price reductions for a customer, recorded by the {@code apply_discount} tool. */
@NullMarked
package com.polaris.operator.discount;

import org.jspecify.annotations.NullMarked;

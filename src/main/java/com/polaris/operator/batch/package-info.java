/** Action batches: many items of one tool behind one approval, fanned out into one action per item. */
@NullMarked
package com.polaris.operator.batch;

import org.jspecify.annotations.NullMarked;

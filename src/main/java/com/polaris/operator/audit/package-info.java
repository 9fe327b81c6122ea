/** The append-only, hash-chained record of who asked, who reviewed and what happened. */
@NullMarked
package com.polaris.operator.audit;

import org.jspecify.annotations.NullMarked;

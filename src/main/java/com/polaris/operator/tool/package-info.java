/** One executor per built-in tool; the internal ones write the workspace records. */
@NullMarked
package com.polaris.operator.tool;

import org.jspecify.annotations.NullMarked;

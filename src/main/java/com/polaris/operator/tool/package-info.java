/**
 * One executor per built-in tool; the internal ones, stated together in {@code RecordingTools},
 * write the workspace records.
 */
@NullMarked
package com.polaris.operator.tool;

import org.jspecify.annotations.NullMarked;

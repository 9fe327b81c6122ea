/**
 * What an installation keeps to itself and shows of itself: its data dir, readable by the
 * service's user only, and the public address its links and documents give.
 */
@NullMarked
package com.polaris.operator.installation;

import org.jspecify.annotations.NullMarked;

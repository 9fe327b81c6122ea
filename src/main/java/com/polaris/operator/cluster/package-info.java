/** What the nodes sharing one database tell each other, and the per-node caches of settings those notices keep fresh. */
@NullMarked
package com.polaris.operator.cluster;

import org.jspecify.annotations.NullMarked;

/** Who is calling and who acted: the caller of a request, a member's role, the actor of an audit event. */
@NullMarked
package com.polaris.operator.identity;

import org.jspecify.annotations.NullMarked;

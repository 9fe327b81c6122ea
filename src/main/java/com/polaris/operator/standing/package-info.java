/**
 * Standing approvals: owners and admins approve in advance, for a while and a number of uses, the
 * proposals of an internal tool that a condition describes, so those proposals need no person.
 */
@NullMarked
package com.polaris.operator.standing;

import org.jspecify.annotations.NullMarked;

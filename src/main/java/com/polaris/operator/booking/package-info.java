/** Bookings: requests for a service at a time, and the changes of their status. */
@NullMarked
package com.polaris.operator.booking;

import org.jspecify.annotations.NullMarked;

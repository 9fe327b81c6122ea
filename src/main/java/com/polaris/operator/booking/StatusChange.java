package com.polaris.operator.booking;

import java.time.Instant;

/** One change of a booking's status, made by one action. A repeated status is kept as a change to itself. */
public record StatusChange(String actionId, BookingStatus from, BookingStatus to, Instant changedAt) {}

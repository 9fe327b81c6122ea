package com.polaris.operator.policy;

import java.time.Instant;

/** One saved version of a tool's policy, with the member who saved it: the history a reviewer reads back. */
public record PolicyVersion(int version, Policy policy, String changedById, String changedByName, Instant changedAt) {}

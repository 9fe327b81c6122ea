package com.polaris.operator.policy;

/** A value-based route: when the CEL condition {@code when} holds, {@code reviewers} decide. */
public record Route(String when, Reviewers reviewers) {}

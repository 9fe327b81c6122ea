package com.polaris.operator.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of checking a workspace's audit log: how many events and seals were checked and, when
 * something was tampered with, what, in words a person can act on.
 */
public record Verification(
        boolean valid,
        long events,
        long seals,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems) {}

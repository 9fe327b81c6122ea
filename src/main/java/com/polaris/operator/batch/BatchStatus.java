package com.polaris.operator.batch;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a batch stands, named as API.md names it. */
public enum BatchStatus {
    PENDING_APPROVAL("pending_approval", false),
    RUNNING("running", false),
    COMPLETED("completed", true),
    COMPLETED_WITH_ERRORS("completed_with_errors", true),
    REJECTED("rejected", true),
    EXPIRED("expired", true),
    CANCELLED("cancelled", true);

    private final String wire;
    private final boolean ended;

    BatchStatus(String wire, boolean ended) {
        this.wire = wire;
        this.ended = ended;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean ended() {
        return ended;
    }

    static BatchStatus parse(String wire) {
        return Arrays.stream(values())
                .filter(s -> s.wire.equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown batch status " + wire));
    }
}

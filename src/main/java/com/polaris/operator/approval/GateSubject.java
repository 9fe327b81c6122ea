package com.polaris.operator.approval;

/** What a gate is for: one action, or a batch of many items behind one approval. */
public enum GateSubject {
    ACTION,
    BATCH
}

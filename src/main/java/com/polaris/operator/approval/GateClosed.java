package com.polaris.operator.approval;

/**
 * Thrown by a subject's handler of a decision when the subject no longer waits for that gate (it was
 * cancelled, or a newer gate replaced this one): the decision is not made.
 */
public class GateClosed extends RuntimeException {

    public GateClosed(String message) {
        super(message);
    }
}

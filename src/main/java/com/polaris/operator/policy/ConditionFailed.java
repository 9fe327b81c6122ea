package com.polaris.operator.policy;

/**
 * A condition that compiled but could not give true or false for one action: callers fail closed
 * (ask for approval, send to owners and admins, match no standing approval) and may put
 * {@link #getMessage()} in the decision's reason. The message names the kind of failure and, where
 * the expression names one, the name of a missing key; it never quotes the action's values, and
 * it carries no cause, since the runtime's own messages may (safe to log and to audit).
 */
public class ConditionFailed extends RuntimeException {

    /** Why the evaluation stopped. */
    public enum Kind {
        /** A key the expression reads is not in {@code args}, or an index is out of range. */
        MISSING_VALUE,
        /** An operator or function met a value of a type it does not take (or a null). */
        WRONG_TYPE,
        /** The expression gave something other than true or false. */
        NOT_BOOLEAN,
        /** Comprehensions ({@code all}, {@code exists}, {@code map}, {@code filter} …) went over their budget. */
        ITERATION_LIMIT,
        /** A regular expression given to {@code matches} is too large (or not valid). */
        REGEX_LIMIT,
        /** The evaluation took longer than {@link Condition#TIME_LIMIT}. */
        TIME_LIMIT,
        /** Any other runtime error: division by zero, overflow, a malformed timestamp … */
        ERROR
    }

    private final Kind kind;

    ConditionFailed(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

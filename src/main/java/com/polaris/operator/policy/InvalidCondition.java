package com.polaris.operator.policy;

import com.polaris.operator.api.ApiProblem.FieldProblem;

/**
 * A condition that cannot be saved: it does not parse, names something that does not exist, does
 * not give true or false, or is too long. The message starts with the position of the first error
 * as {@code line:column} (both from 1) and never quotes an action's data: a condition is checked
 * before any action exists.
 */
public class InvalidCondition extends RuntimeException {

    private final int line;
    private final int column;
    private final String reason;

    InvalidCondition(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The line of the first error, from 1. */
    public int line() {
        return line;
    }

    /** The column of the first error, from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /**
     * This error as one entry of a 422's {@code errors}, for the field that holds the expression
     * ({@code approvalWhen}, {@code routes[0].when}, {@code when}).
     */
    public FieldProblem toFieldProblem(String field) {
        return new FieldProblem(field, "is not a valid condition: " + getMessage());
    }
}

package com.polaris.operator.api;

/**
 * Counts that a page shows beside its navigation stop at {@link #LIMIT}: "99+" says as much as
 * 100,000 would, and counting stops after a hundred index entries instead of reading them all on
 * every page.
 */
public final class CappedCount {

    public static final int LIMIT = 100;

    private CappedCount() {}

    /**
     * Counts the rows {@code select} finds, up to {@link #LIMIT}. {@code select} is a {@code select 1
     * from … where … order by …} whose order is that of an index matching the conditions, so the
     * database reads that index in order and stops at the cap. Without the order, a member with a
     * hundred thousand unread notifications can get a bitmap scan, which reads every matching index
     * entry before the first row, or a sequential scan, which reads the table until it has found a
     * hundred.
     */
    public static String of(String select) {
        return "select count(*) from (" + select + " limit " + LIMIT + ") counted";
    }

    /** A capped count in words: the number, or "99+" once it reached the cap. */
    public static String shown(long count) {
        return count >= LIMIT ? (LIMIT - 1) + "+" : Long.toString(count);
    }
}

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
     * Counts the rows {@code select} finds (a {@code select 1 from … where …}), up to {@link #LIMIT}.
     * Where every index that can serve an order is one that matches the conditions, {@code select}
     * ends with that order ({@code order by …}): the database then reads the index in order and stops
     * at the cap, where otherwise it may choose a bitmap scan, which reads every matching entry before
     * the first row, or a sequential scan, which reads the table until it has found enough.
     */
    public static String of(String select) {
        return "select count(*) from (" + select + " limit " + LIMIT + ") counted";
    }

    /** A capped count in words: the number, or "99+" once it reached the cap. */
    public static String shown(long count) {
        return count >= LIMIT ? (LIMIT - 1) + "+" : Long.toString(count);
    }
}

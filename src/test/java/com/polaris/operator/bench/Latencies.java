package com.polaris.operator.bench;

import java.time.Instant;
import java.util.Locale;

/** How the benchmarks read and print sorted latencies. */
final class Latencies {

    private Latencies() {}

    /** p50, p95, p99 and max of sorted microseconds, in milliseconds. */
    static String percentiles(long[] sortedMicros) {
        if (sortedMicros.length == 0) {
            return "none measured";
        }
        return String.format(
                Locale.ROOT,
                "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                pct(sortedMicros, 50),
                pct(sortedMicros, 95),
                pct(sortedMicros, 99),
                sortedMicros[sortedMicros.length - 1] / 1000.0);
    }

    /** The {@code percentile}th of sorted microseconds, in milliseconds. */
    static double pct(long[] sortedMicros, int percentile) {
        return quantile(sortedMicros, percentile / 100.0) / 1000.0;
    }

    /**
     * Prints the heading of a table of {@link #print} lines: the benchmark, when it ran, how many calls
     * of each kind were timed after how many untimed, and the columns, after labels {@code width} wide.
     */
    static void printHeading(String benchmark, int calls, int warmUp, int width) {
        System.out.printf(
                Locale.ROOT,
                "# %s, %s, %d timed calls of each after %d untimed%n",
                benchmark,
                Instant.now(),
                calls,
                warmUp);
        System.out.printf(Locale.ROOT, "%-" + width + "s %8s %8s %8s%n", "", "p50 ms", "p95 ms", "p99 ms");
    }

    /** Prints {@code label}, padded to {@code width}, and the p50, p95 and p99 of sorted nanoseconds in milliseconds. */
    static void print(String label, int width, long[] sortedNanos) {
        System.out.printf(
                Locale.ROOT,
                "%-" + width + "s %8.3f %8.3f %8.3f%n",
                label,
                quantile(sortedNanos, 0.50) / 1e6,
                quantile(sortedNanos, 0.95) / 1e6,
                quantile(sortedNanos, 0.99) / 1e6);
    }

    /** The {@code q} quantile of sorted values: the smallest value at least that share of them does not exceed. */
    static long quantile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

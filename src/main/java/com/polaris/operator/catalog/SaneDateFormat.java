package com.polaris.operator.catalog;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;
import com.polaris.operator.api.SaneDates;

/**
 * JSON Schema's {@code date} or {@code date-time} format, further limited to the years of
 * {@link SaneDates}: RFC 3339 allows the year 0000, which no booking or expiry means.
 */
record SaneDateFormat(Format standard) implements Format {

    @Override
    public String getName() {
        return standard.getName();
    }

    @Override
    public String getMessageKey() {
        return standard.getMessageKey();
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
        if (!standard.matches(context, value)) {
            return false;
        }
        int year = Integer.parseInt(value.substring(0, 4));
        return year >= SaneDates.EARLIEST.getYear() && year <= SaneDates.LATEST.getYear();
    }
}

package com.polaris.operator.lead;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/**
 * Where a lead stands in the sales pipeline. New leads are {@code new}; a lead may move to any other
 * status (a lost lead may come back), and every move is kept.
 */
public enum LeadStatus implements WireName {
    NEW,
    CONTACTED,
    QUALIFIED,
    WON,
    LOST;

    public static Optional<LeadStatus> parse(String value) {
        return WireName.parse(LeadStatus.class, value);
    }
}

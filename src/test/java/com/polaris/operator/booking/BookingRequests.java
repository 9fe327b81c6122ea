package com.polaris.operator.booking;

import java.util.Map;

/** Arguments for the {@code booking_request} tool, as an agent sends them. */
public final class BookingRequests {

    private BookingRequests() {}

    /** A haircut for {@code name}, reachable at {@code email}, asked for at {@code requestedStart}. */
    public static Map<String, Object> haircut(String name, String email, String requestedStart) {
        return Map.of("name", name, "email", email, "service", "Haircut", "requestedStart", requestedStart);
    }
}

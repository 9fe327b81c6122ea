package com.polaris.operator.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The optional {@code Idempotency-Key} header of the endpoints that create something, and their answer:
 * 201 with what the request made, or 200 with what the first request with the same key and body made.
 */
public final class IdempotencyKeyHeader {

    /** The header's name. */
    public static final String NAME = "Idempotency-Key";

    /** The header's description, up to the name of what the endpoint creates. */
    public static final String ABOUT = "1 to 255 characters; the same key with the same body answers the first";

    /** The header's description after the name of what the endpoint creates. */
    public static final String REPLAYED = " again (200), with another body 422";

    private IdempotencyKeyHeader() {}

    /** 201 with {@code body} when the request made it, 200 when an earlier request with the key did. */
    public static <T> ResponseEntity<T> answer(boolean created, T body) {
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(body);
    }
}

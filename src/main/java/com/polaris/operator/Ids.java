package com.polaris.operator;

import com.github.f4b6a3.ulid.UlidCreator;

/** Opaque, time-ordered identifiers: a short prefix naming the kind, then a lower-case ULID. */
public final class Ids {

    private Ids() {}

    public static String next(String prefix) {
        return prefix + "_" + UlidCreator.getMonotonicUlid().toLowerCase();
    }
}

package com.polaris.operator.action;

import com.polaris.operator.policy.Route;

final class RouteConditions {
    private RouteConditions() {}

    static boolean holds(Route route, ActionRecord action) {
        return false;
    }
}

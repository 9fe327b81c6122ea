package com.polaris.operator.workspace;

import com.polaris.operator.PostgresApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage limit holds on PostgreSQL, however many proposals race for what it leaves. */
class PostgresUsageLimitTest extends PostgresApiTest implements UsageLimitScenarios {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void aLimitRaisedLoweredOrRemovedHoldsForEveryBurstAfterIt(long seed) throws Exception {
        UsageLimitRaces.walk(newWorkspace(), seed);
    }
}

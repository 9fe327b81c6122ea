package com.polaris.operator.workspace;

import com.polaris.operator.H2ApiTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage limit holds on the embedded H2 database too, whose row locks work differently. */
class H2UsageLimitTest extends H2ApiTest implements UsageLimitScenarios {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5})
    void aLimitRaisedLoweredOrRemovedHoldsForEveryBurstAfterIt(long seed) throws Exception {
        UsageLimitRaces.walk(newWorkspace(), seed);
    }
}

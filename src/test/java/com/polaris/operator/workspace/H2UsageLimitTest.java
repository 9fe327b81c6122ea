package com.polaris.operator.workspace;

import com.polaris.operator.H2ApiTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage limit holds on the embedded H2 database too, whose row locks work differently. */
class H2UsageLimitTest extends H2ApiTest {

    @ParameterizedTest(name = "limit {0}, {1} counted before, {2} racing")
    @MethodSource("com.polaris.operator.workspace.UsageLimitRaces#races")
    void exactlyTheProposalsThatFitAreAcceptedAndTheRestGet429(int limit, int countedBefore, int racing)
            throws Exception {
        UsageLimitRaces.race(newWorkspace(), limit, countedBefore, racing, List.of("http://localhost:" + port));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5})
    void aLimitRaisedLoweredOrRemovedHoldsForEveryBurstAfterIt(long seed) throws Exception {
        UsageLimitRaces.walk(newWorkspace(), seed);
    }
}

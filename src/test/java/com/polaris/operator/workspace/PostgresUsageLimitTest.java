package com.polaris.operator.workspace;

import com.polaris.operator.PostgresApiTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage limit holds on PostgreSQL, however many proposals race for what it leaves. */
class PostgresUsageLimitTest extends PostgresApiTest {

    @ParameterizedTest(name = "limit {0}, {1} counted before, {2} racing")
    @MethodSource("com.polaris.operator.workspace.UsageLimitRaces#races")
    void exactlyTheProposalsThatFitAreAcceptedAndTheRestGet429(int limit, int countedBefore, int racing)
            throws Exception {
        UsageLimitRaces.race(newWorkspace(), limit, countedBefore, racing, List.of("http://localhost:" + port));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void aLimitRaisedLoweredOrRemovedHoldsForEveryBurstAfterIt(long seed) throws Exception {
        UsageLimitRaces.walk(newWorkspace(), seed);
    }
}

package com.polaris.operator.workspace;

import com.polaris.operator.ApiTestBase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The usage-limit races of {@link UsageLimitRaces} on one node, whatever the database of the implementing test. */
interface UsageLimitScenarios {

    int serverPort();

    ApiTestBase.Tenant newWorkspace();

    @ParameterizedTest(name = "limit {0}, {1} counted before, {2} racing")
    @MethodSource("com.polaris.operator.workspace.UsageLimitRaces#races")
    default void exactlyTheProposalsThatFitAreAcceptedAndTheRestGet429(int limit, int countedBefore, int racing)
            throws Exception {
        UsageLimitRaces.race(newWorkspace(), limit, countedBefore, racing, List.of("http://localhost:" + serverPort()));
    }
}

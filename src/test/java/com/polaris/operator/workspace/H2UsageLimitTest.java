package com.polaris.operator.workspace;

import com.polaris.operator.ApiTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The usage limit holds on the embedded H2 database too, whose row locks work differently. */
class H2UsageLimitTest extends ApiTestBase {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("polaris-h2-usage-");
        registry.add("polaris.data-dir", dir::toString);
    }

    @ParameterizedTest(name = "limit {0}, {1} counted before, {2} racing")
    @MethodSource("com.polaris.operator.workspace.UsageLimitRaces#races")
    void exactlyTheProposalsThatFitAreAcceptedAndTheRestGet429(int limit, int countedBefore, int racing) throws Exception {
        UsageLimitRaces.race(newWorkspace(), limit, countedBefore, racing, List.of("http://localhost:" + port));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5})
    void aLimitRaisedLoweredOrRemovedHoldsForEveryBurstAfterIt(long seed) throws Exception {
        UsageLimitRaces.walk(newWorkspace(), seed);
    }
}

package com.polaris.operator;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries as a test: no cycle between modules and no module reaching into another's
 * internals. It also writes the module diagram that docs/ARCHITECTURE.md shows.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(OperatorApplication.class);

    @Test
    void modulesFormNoCycleAndUseOnlyEachOthersApi() {
        MODULES.verify();
    }

    /** Writes docs/modules/ anew on every build, so the committed diagram shows the code as it is. */
    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
    }
}

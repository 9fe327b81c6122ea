package com.polaris.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
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

    /**
     * Approval is a gate that an action opens: it announces decisions as events and never calls the
     * action module, and the bottom modules (identity, api, cluster, installation) depend on no
     * business module.
     */
    @Test
    void dependenciesPointDown() {
        assertThat(dependencies("approval")).doesNotContain("action", "web");
        for (String bottom : List.of("identity", "api", "cluster", "installation")) {
            assertThat(dependencies(bottom)).as(bottom).isSubsetOf("identity", "api", "cluster", "installation");
        }
        assertThat(dependencies("audit")).doesNotContain("workspace");
        assertThat(dependencies("workspace")).doesNotContain("web", "action", "approval");
    }

    private static List<String> dependencies(String module) {
        var found = MODULES.getModuleByName(module).orElseThrow();
        return found.getDirectDependencies(MODULES)
                .uniqueModules()
                .map(ApplicationModule::getIdentifier)
                .map(Object::toString)
                .toList();
    }

    /** Writes docs/modules/ anew on every build, so the committed diagram shows the code as it is. */
    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
    }
}

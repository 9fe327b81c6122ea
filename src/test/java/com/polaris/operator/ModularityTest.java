package com.polaris.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
     * action module, and the bottom modules (identity, api, database, cluster, installation) depend on no
     * business module.
     */
    @Test
    void dependenciesPointDown() {
        assertThat(dependencies("approval")).doesNotContain("action", "web");
        for (String bottom : List.of("identity", "api", "database", "cluster", "installation")) {
            assertThat(dependencies(bottom))
                    .as(bottom)
                    .isSubsetOf("identity", "api", "database", "cluster", "installation");
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

    /**
     * Writes docs/modules/ anew on every build, so the committed diagram shows the code as it is. The
     * components and relations come out in no fixed order; they are sorted, so an unchanged structure
     * leaves the files unchanged.
     */
    @Test
    void writesTheModuleDiagram() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        try (var files = Files.list(DIAGRAMS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                Files.write(file, sortedRuns(Files.readAllLines(file)));
            }
        }
    }

    private static final Path DIAGRAMS = Path.of("docs/modules");

    /** The lines, with each run of consecutive component or relation lines sorted. */
    static List<String> sortedRuns(List<String> lines) {
        var sorted = new ArrayList<String>(lines.size());
        var run = new ArrayList<String>();
        for (String line : lines) {
            if (line.trim().startsWith("Rel(") || line.trim().startsWith("Component(")) {
                run.add(line);
                continue;
            }
            Collections.sort(run);
            sorted.addAll(run);
            run.clear();
            sorted.add(line);
        }
        Collections.sort(run);
        sorted.addAll(run);
        return sorted;
    }
}

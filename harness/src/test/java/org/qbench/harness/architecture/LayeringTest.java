package org.qbench.harness.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the module and package edges of DESIGN.md §2: {@code methods} depends on no other qbench module,
 * {@code hardware} on none, {@code tasks} only on {@code methods} (parity, which needs the integer kernels, is
 * wired in the harness), nothing depends on {@code harness}; inside the harness, packages form no cycle and only
 * the CLI names a task's own package. The same rules run on a fixture tree that breaks each of them, to show
 * they can fail.
 */
class LayeringTest {

    /** The module edges under {@code root}. */
    static ArchRule modules(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("methods").definedBy(root + ".methods..")
                .layer("tasks").definedBy(root + ".tasks..")
                .layer("hardware").definedBy(root + ".hardware..")
                .layer("harness").definedBy(root + ".harness..")
                .whereLayer("harness").mayNotBeAccessedByAnyLayer()
                .whereLayer("tasks").mayOnlyBeAccessedByLayers("harness")
                .whereLayer("hardware").mayOnlyBeAccessedByLayers("harness")
                .whereLayer("methods").mayOnlyBeAccessedByLayers("tasks", "harness");
    }

    /** No cycle between the harness's packages (grid, results, run, tables, compare, ...). */
    static ArchRule harnessPackages(String root) {
        return slices().matching(root + ".harness.(*)..").should().beFreeOfCycles();
    }

    /** No harness code outside the CLI depends on one task's package: tasks are reached through the registry. */
    static ArchRule noTaskNamesInTheHarness(String root) {
        return noClasses().that().resideInAPackage(root + ".harness..").and().resideOutsideOfPackage(root + ".harness.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".tasks.cls..", root + ".tasks.vit..",
                        root + ".tasks.sr..", root + ".tasks.video..")
                .allowEmptyShould(true);
    }

    private static List<ArchRule> rules(String root) {
        return List.of(modules(root), harnessPackages(root), noTaskNamesInTheHarness(root));
    }

    @Test
    void qbenchKeepsItsLayers() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.qbench");
        assertTrue(main.size() > 100, "imported " + main.size() + " classes: the main code of every module");
        rules("org.qbench").forEach(rule -> rule.check(main));
    }

    @Test
    void eachRuleFailsOnAFixtureThatBreaksIt() {
        JavaClasses fixture = new ClassFileImporter().importPackages("org.qbench.archfixture");
        String root = "org.qbench.archfixture";
        AssertionError modules = assertThrows(AssertionError.class, () -> modules(root).check(fixture));
        assertTrue(modules.getMessage().contains("archfixture.tasks.BadTask") && modules.getMessage().contains("hardware.Kernel"),
                modules.getMessage());
        assertTrue(modules.getMessage().contains("archfixture.methods.BadMethod"), "methods must not reach tasks");
        AssertionError cycle = assertThrows(AssertionError.class, () -> harnessPackages(root).check(fixture));
        assertTrue(cycle.getMessage().contains("alpha") && cycle.getMessage().contains("beta"), cycle.getMessage());
    }
}

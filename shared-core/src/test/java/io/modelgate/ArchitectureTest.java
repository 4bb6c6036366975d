package io.modelgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package ladder of docs/architecture.md: ground (no knowledge of steps), the step model,
 * capabilities (each depending only downward), the invocation envelope, the front ends; no cycles.
 * A new package must be placed on a rung here before it compiles into the picture.
 */
class ArchitectureTest {

    private static final String[] GROUND = {"io.modelgate.config..", "io.modelgate.secret..", "io.modelgate.ci..",
            "io.modelgate.git..", "io.modelgate.fault.."};
    private static final String[] STEP_MODEL = {"io.modelgate.step.."};
    private static final String[] CAPABILITIES = {"io.modelgate.delta..", "io.modelgate.mlflow..", "io.modelgate.report..",
            "io.modelgate.teststage..", "io.modelgate.spark..", "io.modelgate.registry..", "io.modelgate.evaluation..", "io.modelgate.validation..",
            "io.modelgate.datacheck..", "io.modelgate.audit..", "io.modelgate.github..", "io.modelgate.modelreport..",
            "io.modelgate.contract..", "io.modelgate.webhook..", "io.modelgate.init.."};
    private static final String[] ENVELOPE = {"io.modelgate.invocation.."};
    private static final String[] FRONT_ENDS = {"io.modelgate.cli..", "io.modelgate.actions.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.modelgate");

    @Test
    void everyPackageIsOnARung() {
        String[] all = java.util.stream.Stream.of(GROUND, STEP_MODEL, CAPABILITIES, ENVELOPE, FRONT_ENDS)
                .flatMap(java.util.Arrays::stream).toArray(String[]::new);
        classes().should().resideInAnyPackage(all).check(MAIN);
    }

    @Test
    void layersDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Ground").definedBy(GROUND)
                .layer("Step model").definedBy(STEP_MODEL)
                .layer("Capabilities").definedBy(CAPABILITIES)
                .layer("Envelope").definedBy(ENVELOPE)
                .layer("Front ends").definedBy(FRONT_ENDS)
                .whereLayer("Front ends").mayNotBeAccessedByAnyLayer()
                .whereLayer("Envelope").mayOnlyBeAccessedByLayers("Front ends")
                .whereLayer("Capabilities").mayOnlyBeAccessedByLayers("Envelope", "Front ends")
                .whereLayer("Step model").mayOnlyBeAccessedByLayers("Capabilities", "Envelope", "Front ends")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.modelgate.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}

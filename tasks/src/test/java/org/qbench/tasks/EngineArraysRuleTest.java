package org.qbench.tasks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qbench.methods.quant.EngineArrays;

/**
 * Keeps Java-owned memory out of the engine's arrays (see {@link EngineArrays}): outside that class, no code of
 * the methods and tasks modules calls {@code NDManager.create}, nor an {@code NDArray} arithmetic method that
 * takes a Java {@code Number} (those build a temporary tensor over a Java buffer, which autograd may keep after
 * the garbage collector has freed it). Comparisons with a number ({@code gt(0.5f)}) stay allowed: their result
 * is a new engine array and they are never differentiated.
 */
class EngineArraysRuleTest {

    /** {@code NDArray} methods that, given a {@code Number}, make a Java-backed temporary tensor autograd can keep. */
    private static final Set<String> ARITHMETIC = Set.of(
            "add", "sub", "mul", "div", "pow", "mod", "maximum", "minimum",
            "addi", "subi", "muli", "divi", "powi", "modi", "rsub", "rdiv", "rsubi", "rdivi", "rpow", "rpowi", "rmod");

    private static final DescribedPredicate<JavaMethodCall> JAVA_BACKED = DescribedPredicate.describe(
            "NDManager.create(..) or NDArray arithmetic with a Number argument",
            call -> {
                var target = call.getTarget();
                boolean fromManager = target.getOwner().isAssignableTo(NDManager.class) && target.getName().equals("create");
                boolean numberArithmetic = target.getOwner().isAssignableTo(NDArray.class)
                        && ARITHMETIC.contains(target.getName())
                        && target.getRawParameterTypes().size() == 1
                        && target.getRawParameterTypes().get(0).isEquivalentTo(Number.class);
                return fromManager || numberArithmetic;
            });

    static ArchRule rule() {
        return noClasses().that().doNotHaveFullyQualifiedName(EngineArrays.class.getName())
                .should().callMethodWhere(JAVA_BACKED)
                .because("such arrays live in Java memory that the garbage collector may free while the engine still "
                        + "reads it; use EngineArrays or StraightThrough.constant");
    }

    @Test
    void methodsAndTasksMakeEngineArraysOnlyThroughEngineArrays() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.qbench.methods", "org.qbench.tasks");
        assertTrue(production.size() > 50, "expected the methods and tasks classes, found " + production.size());
        rule().check(production);
    }

    @Test
    void theRuleCatchesBothPatterns() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
        AssertionError error = assertThrows(AssertionError.class, () -> rule().check(offender));
        assertTrue(error.getMessage().contains("create"), error.getMessage());
        assertTrue(error.getMessage().contains("mul"), error.getMessage());
    }

    /** What the rule forbids, once each. */
    static final class Offender {
        NDArray javaBacked(NDManager m) {
            return m.create(new float[] {1f});
        }

        NDArray temporaryScalar(NDArray x) {
            return x.mul(2f);
        }
    }
}

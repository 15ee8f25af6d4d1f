package org.qbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qbench.harness.json.Json;
import org.qbench.harness.results.ResultStore;
import org.qbench.harness.results.RunResult;
import org.qbench.tasks.Budget;
import org.qbench.tasks.cls.ClassificationRecipe;

/** The recipe a committed classification result recorded is the one the code describes today. */
class CommittedRecipeTest {

    @Test
    void theQuickRecipeOfTheCommittedSurveyCellsIsTodays() throws Exception {
        RunResult lsq4 = ResultStore.read(Path.of("..", "results", "survey-cls", "1663b2347286027b.json"));
        Map<String, Object> today = ClassificationRecipe.forBudget(Budget.QUICK).withEpochs(2).describe();
        // As JSON text: the file's numbers read back as doubles, the recipe's are floats.
        assertEquals(Json.compact().writeValueAsString(lsq4.recipe()), Json.compact().writeValueAsString(today));
    }
}

package org.qbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qbench.harness.grid.RunSpec;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.tasks.Budget;

/** Cluster plans: waves by dependency, a Slurm script and Kubernetes Jobs that run every cell once. */
class ClusterPlanTest {

    @TempDir
    Path dir;

    @Test
    void theFirstWaveHoldsTheCellsOthersReadAndTheWavesPartitionTheGrid() {
        Suite vit = Suites.builtIn().get("survey-vit");
        List<RunSpec> grid = vit.expand(Budget.SMOKE, null, null);
        List<RunSpec> first = ClusterPlan.wave(grid, "first");
        List<RunSpec> rest = ClusterPlan.wave(grid, "rest");
        assertFalse(first.isEmpty(), "the CNN teachers");
        assertTrue(first.stream().allMatch(c -> c.task().startsWith("cls-")), first.toString());
        Set<String> all = new HashSet<>();
        first.forEach(c -> all.add(c.runId()));
        rest.forEach(c -> assertTrue(all.add(c.runId()), "a cell in both waves: " + c));
        assertEquals(grid.size(), all.size());
        assertTrue(rest.stream().allMatch(c -> c.inputsOrEmpty().values().stream().allMatch(
                id -> first.stream().anyMatch(f -> f.runId().equals(id)))), "every input is in the first wave");
        assertEquals(grid, ClusterPlan.wave(grid, "all"));
    }

    @Test
    void slurmChainsTheWavesAndMergesOnce() {
        Suite vit = Suites.builtIn().get("survey-vit");
        String script = ClusterPlan.of(vit, Budget.QUICK, vit.expand(Budget.QUICK, null, null), 4, dir, null, null).slurm();
        assertEquals(3, script.lines().filter(l -> l.contains("sbatch")).count(), script);
        assertTrue(script.contains("--wave first --shard \\$SLURM_ARRAY_TASK_ID/4 --jobs 1 --no-tables --out " + dir),
                script);
        assertTrue(script.contains("--wave rest --shard"), script);
        assertTrue(script.contains("--array=0-3"), script);
        assertTrue(script.contains("--dependency=afterok:${job}"), script);
        assertTrue(script.contains("merge " + dir + " --out " + dir), script);
    }

    @Test
    void aGridWithoutDependenciesIsOneWaveAndKubernetesGetsIndexedJobs() throws IOException {
        Suite cls = Suites.builtIn().get("survey-cls");
        ClusterPlan plan = ClusterPlan.of(cls, Budget.SMOKE, cls.expand(Budget.SMOKE, List.of(0L), null), 3, dir,
                List.of(0L), null);
        String yaml = plan.kubernetes();
        assertEquals(2, yaml.lines().filter(l -> l.equals("kind: Job")).count(), yaml);
        assertEquals(1, yaml.lines().filter(l -> l.contains("completionMode: Indexed")).count(), yaml);
        assertTrue(yaml.contains("--seeds 0 --wave all --shard ${JOB_COMPLETION_INDEX}/3"), yaml);
        CliTest.Outcome o = CliTest.call("reproduce", "--suite", "survey-cls", "--budget", "smoke", "--plan", "slurm",
                "--shards", "2", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(dir.resolve("plan/slurm.sh")));
        assertEquals(2, CliTest.call("reproduce", "--plan", "pbs", "--out", dir.toString()).code());
        assertEquals(2, CliTest.call("reproduce", "--plan", "k8s", "--shards", "0", "--out", dir.toString()).code());
        assertEquals(2, CliTest.call("reproduce", "--wave", "second", "--budget", "smoke", "--out", dir.toString()).code());
    }
}

package org.qbench.harness.cli;

import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.qbench.hardware.profile.HardwareProfile;
import org.qbench.hardware.profile.Profiles;
import org.qbench.harness.grid.Suite;
import org.qbench.harness.grid.Suites;
import org.qbench.methods.Methods;
import org.qbench.methods.QuantMethod;
import org.qbench.tasks.Budget;
import org.qbench.tasks.Task;
import org.qbench.tasks.Tasks;
import picocli.CommandLine.Command;

/** {@code qbench list}: every registered method, task, budget, suite and hardware profile, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List methods, tasks, budgets, suites and hardware profiles, one line each.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("methods:");
        for (QuantMethod m : Methods.builtIn().all()) {
            System.out.printf("  %-10s bits %-14s %s%n", m.id(), new TreeSet<>(m.supportedBits()), m.description());
        }
        System.out.println("tasks:");
        for (Task t : Tasks.builtIn().all()) {
            System.out.printf("  %-10s %s%n", t.id(), t.description());
        }
        System.out.println("budgets:");
        for (Budget b : Budget.values()) {
            System.out.printf("  %-10s %s%n", b.id(), b.description());
        }
        System.out.println("suites:");
        for (Suite s : Suites.builtIn().all()) {
            System.out.printf("  %-10s %s%s%n", s.id(), s.description(), s.id().equals(Suites.DEFAULT) ? " [default]" : "");
        }
        System.out.println("hardware profiles:");
        for (HardwareProfile p : Profiles.builtIn().all()) {
            System.out.printf("  %-26s %s%s%n", p.id(), p.runnableHere() ? "" : "[modelled] ", firstSentence(p.description()));
        }
        return 0;
    }

    /** Profile descriptions run to several sentences; the list shows one line each. */
    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        int colon = text.indexOf(": ");
        if (colon >= 0 && (end < 0 || colon < end)) {
            end = colon;
        }
        return end < 0 ? text : text.substring(0, end);
    }
}

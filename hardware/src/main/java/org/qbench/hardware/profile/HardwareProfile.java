package org.qbench.hardware.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One deployment target: what a model must satisfy to run there, which kernels it uses, and its peak
 * figures. Read from {@code profiles/<id>.json} by {@link Profiles}; immutable and validated on
 * construction.
 *
 * @param id stable lower-kebab-case id, e.g. {@code jvm-scalar}; used on the command line and in result
 *     files
 * @param description one or two sentences for {@code qbench list}, saying what the target is and what
 *     is not yet known about it
 * @param constraints what a deployable model must meet
 * @param kernels ids of the kernel implementations the target uses, lower-kebab-case, no duplicates; may be
 *     empty while the kernels do not exist yet
 * @param peaks peak figures, at most one per bit width and basis; may be empty when none is known
 * @param runnableHere {@code true} when the target's kernels can be timed on the machine running the suite
 *     (any JVM, for the JVM profiles); a profile that cannot run here may carry derived or datasheet peaks
 *     but never measured ones
 */
public record HardwareProfile(
        String id,
        String description,
        DeployConstraints constraints,
        List<String> kernels,
        List<Peak> peaks,
        boolean runnableHere) {

    /** Validates every component and makes the lists immutable copies. */
    public HardwareProfile {
        Checks.kebabId(id, "id");
        Checks.nonBlank(description, "description");
        Checks.required(constraints, "constraints");
        kernels = Checks.elements(kernels, "kernels");
        for (int i = 0; i < kernels.size(); i++) {
            Checks.kebabId(kernels.get(i), "kernels[" + i + "]");
        }
        Checks.distinct(kernels, "kernels");
        peaks = Checks.elements(peaks, "peaks");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < peaks.size(); i++) {
            Peak p = peaks.get(i);
            Integer first = seen.putIfAbsent(p.bits() + "/" + p.basis().id(), i);
            if (first != null) {
                throw new FieldException("peaks[" + i + "]", "second " + p.basis().id() + " peak for "
                        + p.bits() + " bits (the first is peaks[" + first + "])");
            }
            // A figure timed elsewhere is a citation (datasheet), not a measurement by this suite.
            if (p.basis() == Peak.Basis.MEASURED && !runnableHere) {
                throw new FieldException("peaks[" + i + "].basis",
                        "'measured' on a profile that is not runnable here; use 'derived' or 'datasheet'");
            }
        }
    }

    /** JSON entry point: a boxed flag so that a missing {@code runnableHere} fails instead of reading as false. */
    @JsonCreator
    static HardwareProfile fromJson(
            @JsonProperty("id") String id,
            @JsonProperty("description") String description,
            @JsonProperty("constraints") DeployConstraints constraints,
            @JsonProperty("kernels") List<String> kernels,
            @JsonProperty("peaks") List<Peak> peaks,
            @JsonProperty("runnable_here") Boolean runnableHere) {
        return new HardwareProfile(id, description, constraints, kernels, peaks,
                Checks.required(runnableHere, "runnable_here"));
    }
}

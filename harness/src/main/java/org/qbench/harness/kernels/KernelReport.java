package org.qbench.harness.kernels;

import java.util.List;
import java.util.Map;
import org.qbench.hardware.peak.MachinePeak;
import org.qbench.hardware.profile.Peak;

/**
 * What {@code qbench kernels} writes to {@code results/kernels/<profile>_<mode>.json}: the measured times and
 * throughputs of one profile's kernels, the derived peaks they are compared with, the JMH settings and where
 * they were measured.
 *
 * @param schema format version ({@value #SCHEMA})
 * @param profile the hardware profile
 * @param mode {@code smoke} or {@code full}
 * @param jmh the JMH settings (forks, iterations, times)
 * @param machine the machine, as the peak model saw it
 * @param corePeaks derived single-core peaks (basis {@code derived}, formula in {@code source})
 * @param machinePeaks derived whole-machine peaks
 * @param measurements measured, one per kernel and shape
 * @param provenance commit, dirty flag, Java, OS, host, start and end time
 */
public record KernelReport(
        int schema, String profile, String mode, Map<String, Object> jmh, MachinePeak machine, List<Peak> corePeaks,
        List<Peak> machinePeaks, List<KernelMeasurement> measurements, Map<String, Object> provenance) {

    /** The format this code writes. */
    public static final int SCHEMA = 1;
}

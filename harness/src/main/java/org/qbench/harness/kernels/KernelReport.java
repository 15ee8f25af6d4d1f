package org.qbench.harness.kernels;

import java.util.List;
import java.util.Map;
import org.qbench.hardware.peak.MachinePeak;
import org.qbench.hardware.profile.Peak;

/**
 * What {@code qbench kernels} writes to {@code results/kernels/<profile>_<mode>.json} (GEMM kernels) and {@code
 * results/kernels/<profile>_<mode>_attention.json} (attention kernels): the measured times and throughputs of one
 * profile's kernels of one kind, the derived peaks they are compared with, the JMH settings and where
 * they were measured.
 *
 * @param schema format version ({@value #SCHEMA}; version 1 had no {@code attention})
 * @param profile the hardware profile
 * @param mode {@code smoke} or {@code full}
 * @param jmh the JMH settings (forks, iterations, times)
 * @param machine the machine, as the peak model saw it
 * @param corePeaks derived single-core peaks (basis {@code derived}, formula in {@code source})
 * @param machinePeaks derived whole-machine peaks
 * @param measurements measured GEMM kernels, one per kernel and shape; empty in an attention report
 * @param attention measured attention kernels, one per kernel and attention shape; empty in a GEMM report (and in
 *     version 1 reports, which had no attention rows)
 * @param provenance commit, dirty flag, Java, OS, host, start and end time
 */
public record KernelReport(
        int schema, String profile, String mode, Map<String, Object> jmh, MachinePeak machine, List<Peak> corePeaks,
        List<Peak> machinePeaks, List<KernelMeasurement> measurements, List<AttentionMeasurement> attention,
        Map<String, Object> provenance) {

    /** The format this code writes: 2 added {@code attention}. */
    public static final int SCHEMA = 2;

    /** Makes the lists immutable; a version 1 report, without {@code attention}, reads as none timed. */
    public KernelReport {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        attention = attention == null ? List.of() : List.copyOf(attention);
    }
}

package org.qbench.harness.results;

import java.util.Map;

/**
 * What was observed while a run happened, beside the configured spec: enough to tell two results apart
 * when their specs are equal (code, versions, machine, data, time).
 *
 * @param gitCommit commit of the qbench checkout, or {@code unknown}
 * @param gitDirty whether the checkout had uncommitted changes
 * @param qbenchVersion version of the qbench build
 * @param suite suite id the run belongs to
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param os {@code os.name} and {@code os.version}
 * @param arch {@code os.arch}
 * @param djlVersion DJL version
 * @param engine deep-learning engine name and version, e.g. {@code PyTorch 2.7.1}
 * @param cpuModel CPU model name from the OS
 * @param cpus processors available to the JVM
 * @param engineThreads intra-op threads of the engine, if known, and oneMKL's (e.g. {@code 2, mkl 1})
 * @param host machine host name
 * @param dataset data set id
 * @param dataChecksums SHA-256 of every data file read, by file name
 * @param seed the run's seed (also in the spec; repeated so provenance stands alone)
 * @param startTime ISO-8601 instant the run started
 * @param endTime ISO-8601 instant the run ended
 * @param rssMegabytesAfter resident memory of the process after the run, MiB (memory tracking across a grid)
 */
public record Provenance(
        String gitCommit, boolean gitDirty, String qbenchVersion, String suite, String javaVersion,
        String javaVendor, String os, String arch, String djlVersion, String engine, String cpuModel, int cpus,
        String engineThreads, String host, String dataset, Map<String, String> dataChecksums, long seed,
        String startTime, String endTime, double rssMegabytesAfter) {}

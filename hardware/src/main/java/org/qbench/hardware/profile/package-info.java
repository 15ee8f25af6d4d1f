/**
 * Hardware profiles: one {@link org.qbench.hardware.profile.HardwareProfile} per deployment target, read
 * from the JSON files under {@code hardware/src/main/resources/profiles/}, and the explicit registry of
 * them ({@link org.qbench.hardware.profile.Profiles}).
 *
 * <p>A profile is data, in the spirit of MQBench's backend tables: the constraints a deployable model must
 * meet ({@link org.qbench.hardware.profile.DeployConstraints}), the kernels the target uses, and peak
 * throughput figures ({@link org.qbench.hardware.profile.Peak}), each labelled with its
 * {@link org.qbench.hardware.profile.Peak.Basis basis} and source so that measured, derived and datasheet
 * numbers are never mixed up.
 *
 * <p>Every record validates itself in its constructor; a malformed file fails with a
 * {@link org.qbench.hardware.profile.ProfileFormatException} whose one-line message names the file, the
 * field and the problem.
 */
package org.qbench.hardware.profile;
